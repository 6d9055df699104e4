"""Chinese place names for synthetic features, in the style of north-east Jiangxi villages.

Natural villages are named after a clan (王家坞, 程家坑), a position and a landform (上坑,
下畈), a plant and a landform (茶岭) or their administrative village (上大垅, 大垅口).
"""

from __future__ import annotations

import numpy as np

SURNAMES = tuple("王李张刘陈杨黄吴周徐朱胡汪程余方叶江洪冯潘曹詹俞金查戴施姚舒何郑汤章詹毕")
CLAN_ENDINGS = (
    "家",
    "家村",
    "家坞",
    "家坑",
    "家湾",
    "家岭",
    "家源",
    "家畈",
    "家垅",
    "家桥",
    "家墩",
    "家坂",
    "村",
    "坞",
    "坑",
    "源",
)
POSITIONS = tuple("上下前后东西南北新老大小中高里外")
LANDFORMS = tuple("坞坑岭湾源畈垅田塘溪桥坂山洲口村屋庄")
PLANTS = tuple("桃李茶竹松枫桂梅杉樟柳")
NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")


def ordinal(k: int) -> str:
    """Chinese numeral 1…15 (then Arabic digits)."""
    return NUMERALS[k - 1] if 1 <= k <= len(NUMERALS) else str(k)


def natural_village_names(root: str, count: int, rng: np.random.Generator, *, residents: bool = False) -> list[str]:
    """``count`` distinct names for the natural villages of one administrative village.

    The first is the seat (the village's own name); residents' committees have numbered
    residents' groups (居民小组) instead.
    """
    if residents:
        return [f"{root}第{ordinal(k + 1)}居民小组" for k in range(count)]
    names = [root]
    while len(names) < count:
        pattern = rng.integers(0, 10)
        if pattern < 4:
            name = str(rng.choice(SURNAMES)) + str(rng.choice(CLAN_ENDINGS))
        elif pattern < 7:
            name = str(rng.choice(POSITIONS)) + str(rng.choice(LANDFORMS))
        elif pattern < 8:
            name = str(rng.choice(PLANTS)) + str(rng.choice(LANDFORMS))
        elif pattern < 9:
            name = str(rng.choice(POSITIONS)) + root
        else:
            name = root + str(rng.choice(LANDFORMS))
        if name not in names:
            names.append(name)
    return names
