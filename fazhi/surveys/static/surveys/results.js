// Draws one bar chart per question from the numbers the page also shows as tables (json_script data).
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("survey-chart-data");
  if (!source || typeof echarts === "undefined") return;
  JSON.parse(source.textContent).forEach(function (item) {
    var box = document.querySelector('[data-chart="' + item.id + '"]');
    if (!box) return;
    echarts.init(box).setOption({
      animation: false,
      grid: { left: 140, right: 24, top: 8, bottom: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: item.labels, inverse: true },
      tooltip: { trigger: "axis", renderMode: "richText" },  // drawn on the canvas: no inline style (CSP)
      series: [{ type: "bar", data: item.counts }],
    });
  });
});
