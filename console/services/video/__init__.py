"""Camera video: RTSP of the alarm's camera through libvlc, in tiles, with evidence.

Modules (core: QtCore only, no widgets):

* ``health``     backoff and the "no signal since" bookkeeping, plain Python with an injected clock
* ``route``      which RTSP path runs here: libvlc directly, or through the PyAV relay
* ``feeds``      each camera received once: one RTSP session and thread per camera (PyAV), its packets
                 handed to the tiles' relays and the clips, the pre-alarm cameras held
* ``packets``, ``prealarm``  the packets as plain data, and the bounded pre-alarm buffer of a camera
* ``relay``      a tile's share of a feed, remuxed to MPEG-TS and handed to libvlc through a pipe
* ``frames``     libvlc video callbacks into plain frames (bytes, width, height) for Qt images
* ``player``     one libvlc media player per tile: play, stop, first frame, lost, snapshot
* ``engine``     the shared libvlc instance for video
* ``wall``       the tiles: layout, which camera plays where, following alarms, reconnecting
* ``camera_alarms`` the communication alarm of a camera without picture for too long
* ``evidence``   snapshots and clips stored as files and linked to the alarm in the duty log
* ``clips``, ``snapshots``  writing those files off the GUI thread (a clip on its camera's feed thread)
* ``test_streams`` local RTSP test streams (gst-rtsp-server) for the demo, tests and benchmarks
* ``demo_cameras`` the demo plant's cameras served by those test streams
* ``build``      the wall built from the settings (called by console/shell/app.py)

docs/video.md tells which RTSP path runs where.
"""
