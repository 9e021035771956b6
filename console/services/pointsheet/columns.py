"""The columns of the points and cameras sheets, their header aliases (Chinese, English, the
Jiangsu platform's field names) and the words accepted for a point's kind.

Headers are matched ignoring case, spaces, ``_`` and ``-``, full-width characters read as
half-width; a trailing bracket such as (%LEL) is dropped when the whole header is not known.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Mapping, Sequence

POINTS_SHEET = "测点"
CAMERAS_SHEET = "摄像头"
HELP_SHEET = "说明"


@dataclass(frozen=True)
class Column:
    key: str
    zh: str  # the header in the template
    en: str  # the English header
    jiangsu: str  # the Jiangsu platform's field name ('' if none)
    required: bool
    aliases: tuple[str, ...] = ()  # further accepted headers
    fallback: tuple[str, ...] = ()  # accepted, but only used when no header above is present
    help: str = ""  # Chinese description, for the template's 说明 sheet

    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.zh, self.en, self.jiangsu, *self.aliases) if n)


ENTERPRISE = Column(
    "enterprise", "企业编码", "enterprise_code", "", True,
    ("统一社会信用代码", "社会信用代码", "信用代码", "企业代码", "enterprise", "credit_code"),
    help="统一社会信用代码（与报警报文中的企业编码一致）",
)
POINT_COLUMNS: tuple[Column, ...] = (
    ENTERPRISE,
    Column("enterprise_name", "企业名称", "enterprise_name", "", False, ("企业", "单位名称", "company_name"),
           help="新企业必填；已有企业填写则更新名称"),
    Column("area", "区域", "area", "", False, ("装置", "危险源", "所属区域", "装置名称", "危险源名称", "所属装置", "所属危险源", "安装位置"),
           help="区域、装置或危险源名称"),
    Column("code", "位号", "point_code", "BIT_NO", True, ("测点位号", "tag", "code"), ("TARGET_CODE", "测点编码", "指标编码"),
           help="字母或数字开头，仅含字母、数字、_ . -，最长64位；同一企业内不重复"),
    Column("name", "指标名称", "name", "TARGET_NAME", True, ("测点名称", "名称", "点位名称", "传感器名称", "point_name"),
           help="测点的名称，报警时显示"),
    Column("kind", "类型", "kind", "", False, ("监测类型", "测点类型", "指标类型", "传感器类型", "type"),
           help="可燃气体、有毒气体、温度、压力、液位、流量；留空则按单位和位号字母推断"),
    Column("unit", "单位", "unit", "UNIT", True, ("计量单位", "测量单位"), help="如 %LEL、ppm、°C、MPa、m、m³/h；可留空"),
    Column("ll", "低低报", "ll", "LOW_VALUE_02", False, ("低低报警值", "低低报警", "低低限", "lolo", "low_low"),
           help="低低报警值；不用则留空"),
    Column("l", "低报", "l", "LOW_VALUE_01", False, ("低报警值", "低报警", "低限", "lo", "low"), help="低报警值；不用则留空"),
    Column("h", "高报", "h", "TOP_VALUE_01", False, ("高报警值", "高报警", "高限", "一级报警", "一级报警值", "hi", "high"),
           help="高报警值（气体：一级报警）；不用则留空"),
    Column("hh", "高高报", "hh", "TOP_VALUE_02", False, ("高高报警值", "高高报警", "高高限", "二级报警", "二级报警值", "hihi", "high_high"),
           help="高高报警值（气体：二级报警）；不用则留空"),
    Column("range_low", "量程下限", "range_low", "LOW_VALUE", True, ("测量下限", "量程低限", "量程最小值"), help="仪表量程下限"),
    Column("range_high", "量程上限", "range_high", "TOP_VALUE", True, ("测量上限", "量程高限", "量程最大值"), help="仪表量程上限，须大于下限"),
    Column("stopped", "是否停用", "stopped", "", False, ("停用", "out_of_service"), help="是/否；留空为在用"),
    Column("in_use", "是否启用", "in_use", "IS_USE", False, ("是否在用", "启用", "enabled"),
           help="1/0（是/否）；与“是否停用”二选一"),
    Column("cameras", "关联摄像头", "cameras", "", False, ("摄像头", "关联视频", "关联摄像机", "camera", "camera_codes"),
           help="摄像头编码，多个用逗号、分号或顿号分隔；须在“摄像头”表或现有台账中"),
    Column("deadband", "死区", "deadband", "", False, ("回差", "报警死区"), help="报警死区（工程单位）；留空用默认值"),
    Column("on_delay_s", "报警延时(秒)", "on_delay_s", "", False, ("报警延时", "延时", "延时(秒)", "报警延迟", "on_delay", "alarm_delay"),
           help="超限持续多少秒才报警；留空用默认值"),
    Column("off_delay_s", "恢复延时(秒)", "off_delay_s", "", False, ("恢复延时", "消警延时", "恢复延迟", "off_delay", "return_delay"),
           help="恢复正常持续多少秒才消警；留空用默认值"),
    Column("cause", "报警原因", "cause", "", False, ("原因", "可能原因"), help="处置卡：可能的报警原因"),
    Column("consequence", "可能后果", "consequence", "", False, ("后果",), help="处置卡：不处置的后果"),
    Column("action", "处置措施", "action", "", False, ("处置方法", "应急处置措施", "措施", "corrective_action"), help="处置卡：处置措施"),
)
CAMERA_COLUMNS: tuple[Column, ...] = (
    ENTERPRISE,
    Column("code", "摄像头编码", "camera_code", "", True, ("摄像头编号", "摄像机编码", "摄像机编号", "视频编码", "通道编码", "camera", "code"),
           help="同一企业内不重复；测点表“关联摄像头”引用此编码"),
    Column("name", "摄像头名称", "camera_name", "", False, ("摄像机名称", "名称", "安装位置", "name"), help="留空则用编码"),
    Column("url", "视频地址", "url", "", False, ("RTSP", "RTSP地址", "视频流地址", "取流地址", "stream_url", "video_url"),
           help="如 rtsp://192.0.2.10:554/stream1；可留空"),
)
THRESHOLDS = ("ll", "l", "h", "hh")
# Columns kept from the existing point when the sheet has no such column at all.
KEPT_WHEN_ABSENT = ("area", "in_use", "cameras", "deadband", "on_delay_s", "off_delay_s", "cause", "consequence", "action")

KIND_NAMES = {"gas_combustible": "可燃气体", "gas_toxic": "有毒气体", "temperature": "温度", "pressure": "压力", "level": "液位", "flow": "流量"}
KIND_ALIASES = {
    "gas_combustible": ("可燃气体", "可燃气", "可燃气体浓度", "combustible_gas", "combustible"),
    "gas_toxic": ("有毒气体", "有毒气", "有毒有害气体", "有毒气体浓度", "toxic_gas", "toxic"),
    "temperature": ("温度", "temp"),
    "pressure": ("压力", "press"),
    "level": ("液位", "物位"),
    "flow": ("流量",),
}


def norm(text: str) -> str:
    """Header/keyword form: NFKC (full-width → half-width), case-folded, without spaces, _ and -."""
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", text).casefold()).strip("*:：")


_BRACKET_TAIL_RE = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]$")


def build_lookup(columns: Sequence[Column]) -> dict[str, tuple[str, int]]:
    lookup: dict[str, tuple[str, int]] = {}
    for col in columns:
        for rank, names in ((0, col.names()), (1, col.fallback)):
            for name in names:
                key = norm(name)
                if key in lookup and lookup[key][0] != col.key:
                    raise AssertionError(f"header alias {name!r} is ambiguous")
                lookup[key] = (col.key, rank)
    return lookup


POINT_LOOKUP = build_lookup(POINT_COLUMNS)
CAMERA_LOOKUP = build_lookup(CAMERA_COLUMNS)
KIND_WORDS = {norm(alias): kind for kind, aliases in KIND_ALIASES.items() for alias in (kind, *aliases)}
POINTS_SHEET_NAMES = {norm(n) for n in (POINTS_SHEET, "points", "传感数据", "传感器", "测点信息")}
CAMERAS_SHEET_NAMES = {norm(n) for n in (CAMERAS_SHEET, "cameras", "摄像机", "视频")}
NOT_POINTS = CAMERAS_SHEET_NAMES | {norm(n) for n in (HELP_SHEET, "填写说明", "help")}


def match_header(text: str, lookup: Mapping[str, tuple[str, int]]) -> tuple[str, int] | None:
    """The column a header names: exactly, or after dropping a trailing bracket such as (%LEL)."""
    key = norm(text)
    if key in lookup:
        return lookup[key]
    stripped = _BRACKET_TAIL_RE.sub("", unicodedata.normalize("NFKC", text).strip())
    return lookup.get(norm(stripped)) if stripped else None
