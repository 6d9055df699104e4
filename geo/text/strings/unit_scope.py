"""Texts of village-level unit kinds: what import filled in, and the units a target leaves out.

``units.*``: the kinds (村委会 / 居委会) and the import notes saying where each kind came from
(:mod:`geo.io.ingest.unit_kinds`). ``scope.*``: templates for :func:`geo.text.templates.render`;
``scope.<reason>`` says why a unit is left out of the rural denominators (excluded_units.csv),
``scope.note`` sums up one scope for the report.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "units.kind.village_committee": ("村委会", "village committee"),
    "units.kind.residents_committee": ("居委会", "residents' committee"),
    "units.kind.other": ("其他村级单位", "other village-level unit"),
    "units.kind_filled": (
        "村级单位类型：源文件给出 {source} 个，按国家统计局区划代码表 {nbs} 个，按名称 {name} 个，"
        "按代码规则 {code} 个，无法判断 {unknown} 个（按村委会计）",
        "unit kind: {source} from the source, {nbs} from the NBS code list, {name} from the name, "
        "{code} from the code's digits, {unknown} unknown (counted as village committees)",
    ),
    "units.code_filled": (
        "城乡分类代码：按国家统计局代码表补充 {n} 个",
        "urban–rural code: {n} filled from the NBS code list",
    ),
    "units.kind_conflict": (
        "行 {row} {name}（{code}）：文件或名称为{stated}，代码表为{listed}",
        "row {row} {name} ({code}): {stated} by the file or name, {listed} in the list",
    ),
    "units.kind_conflicts": (
        "{n} 个村级单位的类型与国家统计局代码表不一致（文件写明的保留文件值，未写明的按代码表）：{shown}{more}",
        "{n} unit(s) whose kind differs from the NBS list (a kind the file states is kept; "
        "where the file says nothing the list's is used): {shown}{more}",
    ),
    "scope.all_targets": ("全部目标", "all"),
    "scope.residents_committee": (
        "居委会（城镇社区），不计入农村指标，另列；{people:int} 人",
        "Residents' committee (urban community): reported apart, not in the rural figures; {people:int} people",
    ),
    "scope.other": (
        "其他村级单位（林场、农场生活区等），不计入农村指标，另列；{people:int} 人",
        "Other village-level unit (forest or farm living area): reported apart, not in the rural figures; "
        "{people:int} people",
    ),
    "scope.urban_code": (
        "城乡分类代码 {code} 属城镇，不计入农村指标，另列；{people:int} 人",
        "NBS urban–rural code {code} is urban: reported apart, not in the rural figures; {people:int} people",
    ),
    "scope.outside": (
        "所属行政村不计入农村指标，另列；{people:int} 人",
        "Its admin village is reported apart, not in the rural figures; {people:int} people",
    ),
    "scope.uninhabited": (
        "无人居住（人口为 0），不列缺口、不进分母",
        "Uninhabited (population 0): never a gap, not in any denominator",
    ),
    "scope.note": (
        "村级单位范围「{scope}」（目标：{targets}）：计入行政村 {counted:int} 个、{people:int} 人；"
        "另列居委会 {residents:int} 个、其他村级单位 {other:int} 个、城镇代码单位 {urban:int} 个，共 {apart_people:int} 人；"
        "无人居住行政村 {empty_villages:int} 个、自然村 {empty_natural:int} 个（不列缺口、不进分母）；明细见 excluded_units.csv",
        "Unit scope '{scope}' (targets: {targets}): {counted:int} admin villages, {people:int} people counted; "
        "reported apart {residents:int} residents' committees, {other:int} other units and {urban:int} units "
        "with an urban code, {apart_people:int} people; uninhabited {empty_villages:int} admin and "
        "{empty_natural:int} natural villages (never gaps, in no denominator); listed in excluded_units.csv",
    ),
}
