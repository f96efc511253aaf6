"""The comparison's difference column agrees with the figures it stands beside (found in the
analyst's walk-through: independence 75.8 → 75.4 read "−0.3 points")."""

from ui.comparison_rows import HEADLINE_FIGURES, figure_delta, points_difference


def _figure(key: str):  # type: ignore[no-untyped-def]
    return next(f for f in HEADLINE_FIGURES if f.key == key)


def test_a_score_difference_is_of_the_scores_as_shown() -> None:
    independence = _figure("independence")
    shown = [independence.text(v, None) for v in (75.84, 75.45)]
    assert shown == ["75.8 /100", "75.5 /100"]
    moved = figure_delta(independence, 75.84, 75.45)
    assert moved is not None
    assert points_difference(moved, None).startswith("-0.3 points")
    moved = figure_delta(_figure("lock_in"), 32.44, 24.46)  # 32.4 → 24.5 on screen
    assert moved is not None
    assert points_difference(moved, None).startswith("-7.9 points")


def test_money_differences_stay_unrounded() -> None:
    cost = _figure("annual_cost")
    moved = figure_delta(cost, 14_454.4, 18_377.6)
    assert moved is not None and moved.absolute == 18_377.6 - 14_454.4
