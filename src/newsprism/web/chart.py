"""The entity page's chart: each outlet's mean sentiment toward the entity, month by month, as SVG
geometry that a template draws (no JavaScript, nothing from outside)."""

from __future__ import annotations

from typing import Any

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")
WIDTH, HEIGHT, LEFT, TOP, BOTTOM, RIGHT = 640, 220, 44, 14, 34, 12


def sentiment_chart(profile: dict[str, Any]) -> dict[str, Any] | None:
    """Lines of sentiment (−1…1) per outlet over `profile["months"]`; None without dated mentions."""
    months: list[str] = profile["months"]
    if not months:
        return None
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(1, len(months) - 1)
    x_of = {m: LEFT + (i * step if len(months) > 1 else inner_w / 2) for i, m in enumerate(months)}

    def y(value: float) -> float:
        return round(TOP + (1 - value) / 2 * inner_h, 1)

    series = []
    for index, outlet in enumerate(profile["outlets"][: len(PALETTE)]):
        dots = [
            {
                "x": round(x_of[p["month"]], 1),
                "y": y(p["sentiment"]),
                "r": min(7.0, 2.5 + p["mentions"] ** 0.5),
                "label": f"{outlet['outlet'] or 'outlet unknown'}, {p['month']}: "
                f"{p['sentiment']:+.2f} over {p['mentions']} mentions",
            }
            for p in outlet["months"]
        ]
        if dots:
            series.append(
                {
                    "outlet": outlet["outlet"] or "outlet unknown",
                    "color": PALETTE[index],
                    "points": " ".join(f"{d['x']},{d['y']}" for d in dots),
                    "dots": dots,
                }
            )
    every = max(1, len(months) // 8)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "grid": [{"y": y(v), "label": f"{v:+g}"} for v in (1, 0.5, 0, -0.5, -1)],
        "ticks": [{"x": round(x_of[m], 1), "label": m} for i, m in enumerate(months) if i % every == 0],
        "label_y": HEIGHT - 10,
        "series": series,
    }
