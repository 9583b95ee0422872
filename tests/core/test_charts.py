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
