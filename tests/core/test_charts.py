from participa.core.charts import Series, bar_chart, line_chart, stacked_bar


def test_bar_chart_escapes_labels_and_scales(app):
    with app.test_request_context():
        svg = str(bar_chart([("<script>x</script>", 10), ("B", 5)], title="T & t"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "T &amp; t" in svg and 'role="img"' in svg
    widths = [float(part.split('"')[0]) for part in svg.split('width="')[2:]]
    assert widths[0] == 2 * widths[1]


def test_stacked_and_line_charts(app):
    with app.test_request_context():
        stacked = str(stacked_bar([("yes", 3), ("no", 1)], title="votes"))
        line = str(line_chart(["d1", "d2"], [Series("a", [1, 3])], title="over time"))
    assert "75 %" in stacked and "<polyline" in line and "d1" in line


def test_radar_chart_puts_each_value_on_its_spoke(app):
    from participa.core.charts import radar_chart

    with app.test_request_context():
        svg = str(
            radar_chart(
                ["PAR", "TRA", "DIG", "<INN>"],
                [Series("Villa", [1.0, 0.5, 0.0, 0.25]), Series("Median", [0.5, 0.5, 0.5, 0.5])],
                title="Radar",
                size=420,
            )
        )
    assert "&lt;INN&gt;" in svg and "<INN>" not in svg
    assert svg.count('class="radar-ring"') == 4 and svg.count('<polygon class="radar radar-') == 2
    shape = svg.split('<polygon class="radar radar-0" points="')[1].split('"')[0]
    points = [tuple(float(c) for c in p.split(",")) for p in shape.split()]
    # Centre 210, radius 140: PAR at the top rim, TRA half-way right, DIG at the centre.
    assert points[0] == (210.0, 70.0) and points[1] == (280.0, 210.0)
    assert points[2] == (210.0, 210.0) and points[3] == (175.0, 210.0)
    assert "Median" in svg and "Villa" in svg
