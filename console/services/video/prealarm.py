"""The pre-alarm buffer of a camera: the newest compressed packets, kept without decoding, from a
keyframe, covering at least ``seconds`` when the stream allows and never more than ``max_bytes``.

Plain Python. The buffer drops whole groups of pictures (a keyframe and what follows up to the
next one) from the front: what remains always starts at a keyframe, so a clip made of it can be
decoded from its first packet. With ``seconds`` 0 it keeps the current group of pictures only (a
tile that joins gets a picture at once, without waiting for the next keyframe).
"""

from __future__ import annotations

from collections import deque

from console.services.video.packets import PacketRecord


class PreAlarmBuffer:
    def __init__(self, seconds: float, max_bytes: int) -> None:
        self.seconds = max(0.0, seconds)
        self.max_bytes = max(0, max_bytes)
        self._packets: deque[PacketRecord] = deque()
        self._keys: deque[int] = deque()  # sequence numbers of the keyframes in the buffer
        self._first_seq = 0  # sequence number of self._packets[0]
        self._next_seq = 0
        self.bytes = 0
        self.dropped_groups = 0  # groups dropped for the byte bound before they were old enough

    def __len__(self) -> int:
        return len(self._packets)

    def clear(self) -> None:
        self._packets.clear()
        self._keys.clear()
        self._first_seq = self._next_seq
        self.bytes = 0

    def append(self, record: PacketRecord) -> None:
        if not self._packets and not record.key:
            return  # wait for a keyframe: a buffer always starts with one
        if record.key:
            self._keys.append(self._next_seq)
        self._packets.append(record)
        self._next_seq += 1
        self.bytes += record.size
        self._trim(record)

    def _trim(self, newest: PacketRecord) -> None:
        # Drop the oldest group while the next group alone still covers the time wanted.
        while len(self._keys) > 1:
            second = self._packets[self._keys[1] - self._first_seq]
            if newest.arrived - second.arrived >= self.seconds:
                self._drop_group()
            else:
                break
        while self.bytes > self.max_bytes and self._packets:
            self.dropped_groups += 1
            self._drop_group()

    def _drop_group(self) -> None:
        """The oldest keyframe and the packets up to the next keyframe (all, if there is none)."""
        self._keys.popleft()
        end = self._keys[0] if self._keys else self._next_seq
        while self._first_seq < end:
            self.bytes -= self._packets.popleft().size
            self._first_seq += 1

    def all(self) -> list[PacketRecord]:
        """Everything buffered (from its oldest keyframe)."""
        return list(self._packets)

    def latest_group(self) -> list[PacketRecord]:
        """From the newest keyframe on."""
        if not self._keys:
            return []
        start = self._keys[-1] - self._first_seq
        return [self._packets[i] for i in range(start, len(self._packets))]

    def covers(self) -> float:
        """Seconds of stream from the oldest packet to the newest (by arrival)."""
        return self._packets[-1].arrived - self._packets[0].arrived if self._packets else 0.0
