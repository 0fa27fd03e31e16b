"""Charts stay inside their drawing for any value a figure can hold."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from readers.charts import Datum, figures_chart

JAN, FEB, MAR = (datetime.date(2025, month, 1) for month in (1, 2, 3))


def drawn_coordinates(svg: str):
    root = ET.fromstring(svg)
    _x, _y, width, height = map(float, root.get("viewBox").split())
    values = []
    for element in root.iter():
        for name in ("x", "y", "cx", "cy", "x1", "x2", "y1", "y2"):
            if element.get(name) is not None:
                values.append((name, float(element.get(name))))
        if element.get("width") is not None and element is not root:
            values.append(("x", float(element.get("x")) + float(element.get("width"))))
        for point in re.findall(r"(-?[\d.]+),(-?[\d.]+)", element.get("points", "")):
            values += [("x", float(point[0])), ("y", float(point[1]))]
    return width, height, values


@pytest.mark.parametrize(
    "data",
    [
        [Datum(Decimal(-5), "-5", "a"), Datum(Decimal(-10), "-10", "b")],
        [Datum(Decimal(100), "100", "a"), Datum(Decimal(-50), "-50", "b")],
        [Datum(Decimal("999999999999.99"), "huge", "a"), Datum(Decimal(0), "0", "b")],
        [
            Datum(Decimal(-5), "-5", "a", as_of=JAN),
            Datum(Decimal(10), "10", "a", as_of=FEB),
        ],
        [
            Datum(Decimal(-5), "-5", "a", as_of=JAN),
            Datum(Decimal(-20), "-20", "a", as_of=FEB),
            Datum(Decimal(0), "0", "a", as_of=MAR),
        ],
    ],
    ids=["all negative", "mixed signs", "huge", "line below zero", "line all negative"],
)
@pytest.mark.parametrize("rtl", [False, True])
def test_negative_and_huge_values_are_drawn_inside_the_chart(data, rtl):
    width, height, values = drawn_coordinates(
        figures_chart(data, title="Figures", id_prefix="c", rtl=rtl)
    )

    for name, value in values:
        limit = width if name.startswith(("x", "cx")) else height
        assert 0 <= value <= limit, (name, value)
