using System.Globalization;
using System.Net;
using System.Text;

namespace Rootwrap.Bench.Report;

/// <summary>
/// The per-call latency plot: one bar per method (its median), the middle half as a
/// whisker, on a logarithmic time axis. Plain SVG written from the results CSV, so it
/// needs nothing installed: <c>dotnet run -c Release --project bench -- --plot CSV SVG</c>.
/// </summary>
public static class LatencyPlot
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string Colour(Row r) => r.Key switch
    {
        "True" or "HelloWorld" or "HelloExec" or "SudoTrue" => "#8c8c8c",
        _ when r.Key.StartsWith("Native") || r.Key == "SudoNative" || r.Key.Contains("native") => "#1f6fb4",
        _ => "#e07b1a",
    };

    public static string Svg(IReadOnlyList<Row> all, string title)
    {
        var rows = all.Where(r => r.Group is "process" or "daemon").ToList();
        const int left = 230, right = 90, top = 72, bar = 20, gap = 10, bottom = 46, width = 900;
        int plotW = width - left - right;
        int height = top + rows.Count * (bar + gap) + bottom;
        // ms, log axis: from 0.1 ms to the decade above the slowest row
        double lo = 0.1, hi = Math.Pow(10, Math.Ceiling(Math.Log10(Math.Max(1, rows.Max(r => r.BestQ3Ns) / 1e6))));
        double X(double ms) => left + plotW * (Math.Log10(Math.Clamp(ms, lo, hi)) - Math.Log10(lo)) / (Math.Log10(hi) - Math.Log10(lo));

        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n");
        sb.Append(Inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        sb.Append(Inv, $"<text x=\"{width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{WebUtility.HtmlEncode(title)}</text>\n");
        for (double t = lo; t <= hi * 1.001; t *= 10)
        {
            double x = X(t);
            sb.Append(Inv, $"<line x1=\"{x:F1}\" y1=\"{top - 6}\" x2=\"{x:F1}\" y2=\"{height - bottom + 4}\" stroke=\"#dddddd\"/>\n");
            sb.Append(Inv, $"<text x=\"{x:F1}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\" fill=\"#444\">{(t < 1 ? t.ToString("0.#", Inv) : t.ToString("0", Inv))} ms</text>\n");
            for (int k = 2; k < 10 && t * k <= hi; k++)
            {
                double xm = X(t * k);
                sb.Append(Inv, $"<line x1=\"{xm:F1}\" y1=\"{top - 6}\" x2=\"{xm:F1}\" y2=\"{height - bottom + 4}\" stroke=\"#f2f2f2\"/>\n");
            }
        }
        sb.Append(Inv, $"<text x=\"{left + plotW / 2}\" y=\"{height - 10}\" text-anchor=\"middle\" fill=\"#444\">per-call latency, median (log scale); whiskers: middle half</text>\n");
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            double y = top + i * (bar + gap);
            double x1 = X(r.Ms);
            sb.Append(Inv, $"<text x=\"{left - 8}\" y=\"{y + bar * 0.7:F1}\" text-anchor=\"end\">{WebUtility.HtmlEncode(r.Label)}</text>\n");
            sb.Append(Inv, $"<rect x=\"{left}\" y=\"{y:F1}\" width=\"{Math.Max(1, x1 - left):F1}\" height=\"{bar}\" fill=\"{Colour(r)}\"/>\n");
            double q1 = X(r.BestQ1Ns / 1e6), q3 = X(r.BestQ3Ns / 1e6), ym = y + bar / 2.0;
            sb.Append(Inv, $"<line x1=\"{q1:F1}\" y1=\"{ym:F1}\" x2=\"{q3:F1}\" y2=\"{ym:F1}\" stroke=\"black\"/>\n");
            sb.Append(Inv, $"<line x1=\"{q1:F1}\" y1=\"{ym - 4:F1}\" x2=\"{q1:F1}\" y2=\"{ym + 4:F1}\" stroke=\"black\"/>\n");
            sb.Append(Inv, $"<line x1=\"{q3:F1}\" y1=\"{ym - 4:F1}\" x2=\"{q3:F1}\" y2=\"{ym + 4:F1}\" stroke=\"black\"/>\n");
            sb.Append(Inv, $"<text x=\"{Math.Max(x1, q3) + 6:F1}\" y=\"{y + bar * 0.7:F1}\" fill=\"#222\">{Results.Time(r.BestNs)}</text>\n");
        }
        int ly = top - 30;
        foreach (var (label, colour, dx) in new[] { ("floors", "#8c8c8c", 0), ("rootwrap-native", "#1f6fb4", 90), ("oslo.rootwrap", "#e07b1a", 230) })
        {
            sb.Append(Inv, $"<rect x=\"{left + dx}\" y=\"{ly}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>\n");
            sb.Append(Inv, $"<text x=\"{left + dx + 17}\" y=\"{ly + 10}\">{label}</text>\n");
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }
}
