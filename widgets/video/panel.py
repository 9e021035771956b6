"""The video area: tiles in layouts of 1, 4 or 9, the camera list grouped by enterprise, and the
buttons to switch layout, pin, and save a snapshot.

It drives a console.services.video.wall.VideoWall received duck-typed (that module reaches libvlc and the
duty log, which widgets must not import): it calls the wall's slots and draws what its signals
say. Double-clicking a tile enlarges it to the whole area; again, and the layout comes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QSizePolicy,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.video.tile import VideoTile

if TYPE_CHECKING:  # the core objects the shell hands in (types only: widgets never build them)
    from console.services.video.wall import VideoWall
    from widgets.video.evidence import EvidenceList

GRID = {1: 1, 4: 2, 9: 3}
NATIVE_PLATFORMS = ("xcb", "windows", "cocoa")
CAMERA_ROLE = Qt.ItemDataRole.UserRole


def renders_natively(setting: str) -> bool:
    """libvlc draws into the tile's window where the platform allows it (setting video.render)."""
    return setting != "image" and QGuiApplication.platformName() in NATIVE_PLATFORMS


class VideoPanel(QWidget):
    def __init__(self, wall: VideoWall, evidence_list: EvidenceList | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoPanel")
        self.wall = wall
        self.evidence_list = evidence_list
        self.current = 0
        self.zoomed: int | None = None
        native = wall.available and renders_natively(getattr(wall.options, "render", "auto"))

        self.layout_buttons = QButtonGroup(self)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Video"))
        title.setObjectName("videoTitle")
        bar.addWidget(title)
        for count in (1, 4, 9):
            button = QPushButton(str(count))
            button.setObjectName(f"videoLayout{count}")
            button.setCheckable(True)
            button.setToolTip(self.tr("Show %1 tile(s)").replace("%1", str(count)))
            button.setMinimumWidth(40)
            button.setMaximumWidth(56)
            self.layout_buttons.addButton(button, count)
            bar.addWidget(button)
        self.layout_buttons.idClicked.connect(self._layout_clicked)
        self.snapshot_button = QPushButton(self.tr("Snapshot"))
        self.snapshot_button.setObjectName("videoSnapshot")
        self.snapshot_button.setToolTip(self.tr("Save the selected tile's picture, linked to its alarm"))
        self.snapshot_button.clicked.connect(self._snapshot)
        self.cameras_button = QPushButton(self.tr("Cameras"))
        self.cameras_button.setObjectName("videoCamerasButton")
        self.cameras_button.setCheckable(True)
        self.cameras_button.toggled.connect(self._toggle_cameras)
        self.note = QLabel()
        self.note.setObjectName("videoNote")
        # A note is cut at the panel's edge (whole in its tooltip): it never widens the panel.
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.snapshot_button)
        bar.addWidget(self.cameras_button)
        bar.addWidget(self.note, 1)

        self.camera_list = QTreeWidget()
        self.camera_list.setObjectName("videoCameraList")
        self.camera_list.setHeaderHidden(True)
        self.camera_list.itemDoubleClicked.connect(self._camera_chosen)
        self._fill_cameras()
        self.camera_list.hide()

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(3)
        self.tiles: list[VideoTile] = []
        for i in range(9):
            tile = VideoTile(i, native)
            tile.clicked.connect(self._select)
            tile.double_clicked.connect(self._zoom)
            tile.pin_toggled.connect(wall.set_pinned)
            tile.resized.connect(lambda index, w, h: self.wall.set_tile_box(index, w, h))
            self.tiles.append(tile)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.camera_list)
        split.addWidget(self.grid_host)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

        self._native = native
        wall.tile_changed.connect(self._tile_changed)
        wall.layout_changed.connect(self._arrange)
        wall.frame_ready.connect(self._frame_ready)
        wall.message.connect(self.note.setText)
        wall.live_changed.connect(lambda live: self.snapshot_button.setEnabled(live and wall.available))  # no picture before a sign-in
        if wall.evidence is not None:
            wall.evidence.stored.connect(self._evidence_stored)
            wall.evidence.problem.connect(lambda why: self.note.setText(self.tr("Evidence not saved: %1").replace("%1", why[:100])))
            if evidence_list is not None:
                wall.evidence.listed.connect(evidence_list.show_items)
        self._arrange(wall.layout)
        self._select(0)
        for tile in self.tiles:
            tile.show_info(wall.info(tile.index), wall.unavailable)
        self.snapshot_button.setEnabled(wall.live)
        if not wall.available:
            self.note.setText(self.tr("Video unavailable: %1").replace("%1", wall.unavailable))
            for w in (self.snapshot_button, *self.layout_buttons.buttons()):
                w.setEnabled(False)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt)
        return QSize(640, 480)

    def attach_windows(self) -> None:
        """Hand the tiles' native window ids (or None: image rendering) to the wall; call once the
        panel is in its window, before anything plays."""
        for tile in self.tiles:
            self.wall.attach_window(tile.index, tile.window_id() if self._native else None)

    # -- the alarm list ------------------------------------------------------------------------
    def alarm_selected(self, alarm: Any) -> None:
        """The operator selected an alarm (None: none): its cameras, and its evidence in the detail."""
        if self.evidence_list is not None:
            if alarm is None:
                self.evidence_list.clear()
            else:
                self.evidence_list.expect(alarm.occurrence_id)
                if self.wall.evidence is not None:
                    self.wall.evidence.request(alarm.occurrence_id)
        if alarm is not None:
            self.wall.show_alarm(alarm)

    def _evidence_stored(self, item: Any) -> None:
        self.note.setText(self.tr("Saved %1 of %2").replace("%1", self._kind(item.kind)).replace("%2", item.camera))
        evidence = self.wall.evidence  # stored only comes from the wall's evidence store
        if evidence is not None and self.evidence_list is not None and self.evidence_list.occurrence_id == item.occurrence_id:
            evidence.request(item.occurrence_id)

    def _kind(self, kind: str) -> str:
        return self.tr("snapshot") if kind == "snapshot" else self.tr("clip")

    # -- tiles -----------------------------------------------------------------------------------------
    def _arrange(self, count: int) -> None:
        self.zoomed = None
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.hide()
        side = GRID[count]
        for i in range(count):
            self.grid.addWidget(self.tiles[i], i // side, i % side)
            self.tiles[i].show()
        button = self.layout_buttons.button(count)
        if button is not None:
            button.setChecked(True)
        if self.current >= count:
            self._select(0)

    def _layout_clicked(self, count: int) -> None:
        self.wall.set_layout(count)
        if self.zoomed is not None:
            self._arrange(self.wall.layout)

    def _zoom(self, index: int) -> None:
        if self.zoomed is None and self.wall.layout > 1:
            self.zoomed = index
            for tile in self.tiles[: self.wall.layout]:
                tile.setVisible(tile.index == index)
            self.grid.removeWidget(self.tiles[index])
            self.grid.addWidget(self.tiles[index], 0, 0, GRID[self.wall.layout], GRID[self.wall.layout])
        else:
            self._arrange(self.wall.layout)
        self._select(index)

    def _select(self, index: int) -> None:
        self.current = index
        for tile in self.tiles:
            tile.set_current(tile.index == index)

    def _tile_changed(self, info: Any) -> None:
        self.tiles[info.index].show_info(info, self.wall.unavailable)

    def _frame_ready(self, index: int) -> None:
        frame = self.wall.take_frame(index)
        if frame is not None:
            self.tiles[index].show_frame(frame, self.wall.aspect(index))

    def _snapshot(self) -> None:
        if not self.wall.snapshot(self.current):
            self.note.setText(self.tr("No picture to save in tile %1.").replace("%1", str(self.current + 1)))

    # -- cameras -----------------------------------------------------------------------------------------
    def _fill_cameras(self) -> None:
        self.camera_list.clear()
        for enterprise_name, cameras in self.wall.cameras():
            group = QTreeWidgetItem([f"{enterprise_name} ({len(cameras)})"])
            for camera in cameras:
                item = QTreeWidgetItem([f"{camera.code}  {camera.name}"])
                item.setData(0, CAMERA_ROLE, (camera.enterprise, camera.code))
                group.addChild(item)
            self.camera_list.addTopLevelItem(group)

    def _toggle_cameras(self, on: bool) -> None:
        self.camera_list.setVisible(on)

    def _camera_chosen(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, CAMERA_ROLE)
        if key:
            self.wall.show_camera(self.current, *key)
