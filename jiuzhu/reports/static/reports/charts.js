/* Charts of the statistics pages, drawn with the app's own copy of Apache ECharts (echarts.min.js).

   A page puts, for each chart, an element <div class="chart" data-spec="ID"></div> and the chart's data in a
   JSON script tag of that ID ({{ spec|json_script:"ID" }}: data, not code, so no inline script is needed).
   The spec: {"kind": "bar" | "line" | "pie" | "hbar", "categories": [...], "series": [{"name", "data"}],
   "unit": "户", "stack": false}. When a chart has been drawn its element gets data-drawn="1" (the browser
   tests wait for it). Other pages (e.g. a simulation) may use window.jiuzhuChart(element, spec). */
(function () {
  "use strict";

  var COLOURS = ["#1f5fa8", "#d9822b", "#2e8b57", "#b03a2e", "#7d5ba6", "#5f7f8f", "#c9a227", "#3c9fb5"];

  function option(spec) {
    var unit = spec.unit || "";
    var kind = spec.kind || "bar";
    var base = {
      color: COLOURS,
      animation: false,
      tooltip: { trigger: kind === "pie" ? "item" : "axis", valueFormatter: function (v) { return v + unit; } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    };
    if (kind === "pie") {
      var s = spec.series[0] || { data: [] };
      base.series = [{
        type: "pie",
        name: s.name,
        radius: ["35%", "65%"],
        top: 24,
        data: spec.categories.map(function (c, i) { return { name: c, value: s.data[i] }; }),
        label: { formatter: "{b}: {c}" },
      }];
      return base;
    }
    var category = { type: "category", data: spec.categories, axisLabel: { interval: 0, hideOverlap: true } };
    var value = { type: "value", minInterval: 1, name: unit };
    var horizontal = kind === "hbar";
    base.xAxis = horizontal ? value : category;
    base.yAxis = horizontal ? category : value;
    if (horizontal) { category.inverse = true; }
    base.series = spec.series.map(function (s) {
      return {
        type: kind === "line" ? "line" : "bar",
        name: s.name,
        data: s.data,
        stack: spec.stack ? "total" : undefined,
        emphasis: { focus: "series" },
      };
    });
    return base;
  }

  function draw(element, spec) {
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.on("finished", function () { element.setAttribute("data-drawn", "1"); });
    chart.setOption(option(spec));
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  window.jiuzhuChart = draw;

  function start() {
    var elements = document.querySelectorAll(".chart[data-spec]");
    Array.prototype.forEach.call(elements, function (element) {
      var source = document.getElementById(element.getAttribute("data-spec"));
      if (!source) { return; }
      draw(element, JSON.parse(source.textContent));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
