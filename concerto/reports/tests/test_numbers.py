from concerto.reports.numbers import count_with_delta, half_up, pct_text, points_text, rank_text, ratio


def test_rounding_half_up_as_the_seeds():
    assert half_up(87.5) == 88 and half_up(2.5) == 3 and half_up(9.5) == 10 and half_up(4.05) == 4
    assert pct_text(56 / 64) == "88 %" and pct_text(None) == "–"
    assert ratio(766, 1172) == 0.6536 and ratio(1, 0) is None


def test_generated_sentences():
    assert count_with_delta(77, 74, "Intervisions") == "77 Intervisions (+3)"
    assert count_with_delta(87, 89, "Intervisions") == "87 Intervisions (-2)"
    assert count_with_delta(5, 5, "pôles") == "5 pôles (=)"
    assert points_text(0.24, 0.22) == "(+2 points)" and points_text(0.13, 0.14) == "(-1 point)"
    assert rank_text(2, 5) == "passe du 5e au 2e rang"
    assert rank_text(1, 1) == "reste au 1er rang"
