/* The plan dashboard's charts (ECharts, vendored). The page's tables carry the same figures without JavaScript. */
(function () {
  "use strict";
  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function num(value) {
    return value === null || value === undefined ? null : Number(value);
  }
  function draw() {
    var data = read("dashboard-data");
    var labels = read("dashboard-labels");
    if (!data || !labels || typeof echarts === "undefined") return;
    var charts = [];
    function chart(id, option) {
      var node = document.getElementById(id);
      if (!node) return;
      var instance = echarts.init(node);
      instance.setOption(option);
      charts.push(instance);
    }
    function stacked(rows) {
      // Done, on schedule but not done, overdue, stalled: the four parts of each group's tasks.
      return [
        { name: labels.done, type: "bar", stack: "t", data: rows.map(function (r) { return r.done; }) },
        {
          name: labels.other, type: "bar", stack: "t",
          data: rows.map(function (r) { return r.tasks - r.done - r.overdue - r.stalled; })
        },
        { name: labels.overdue, type: "bar", stack: "t", data: rows.map(function (r) { return r.overdue; }) },
        { name: labels.stalled, type: "bar", stack: "t", data: rows.map(function (r) { return r.stalled; }) },
        {
          name: labels.mean, type: "line", yAxisIndex: 1,
          data: rows.map(function (r) { return num(r.mean_percent); })
        }
      ];
    }
    function bars(rows) {
      return {
        tooltip: { trigger: "axis", renderMode: "richText" },  // drawn on the canvas: no inline style (CSP)
        legend: {},
        grid: { left: 48, right: 48, bottom: 90 },
        xAxis: { type: "category", data: rows.map(function (r) { return r.label; }), axisLabel: { rotate: 40, width: 120, overflow: "truncate" } },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value", max: 100, axisLabel: { formatter: "{value}%" } }],
        series: stacked(rows)
      };
    }
    chart("chart-organisations", bars(data.by_organisation));
    chart("chart-measures", bars(data.by_measure));
    if (data.trends.length) {
      chart("chart-trends", {
        tooltip: { trigger: "axis", renderMode: "richText" },  // drawn on the canvas: no inline style (CSP)
        legend: {},
        grid: { left: 48, right: 24 },
        xAxis: { type: "category", data: data.trends[0].periods },
        yAxis: { type: "value" },
        series: data.trends.map(function (t) {
          return { name: t.name, type: "line", connectNulls: false, data: t.values.map(num) };
        })
      });
    }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
