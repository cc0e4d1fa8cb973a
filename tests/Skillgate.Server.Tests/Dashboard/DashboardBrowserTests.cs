using System.Globalization;
using System.Net;
using System.Text;
using PuppeteerSharp;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Dashboard;

/// <summary>
/// The dashboard in a real headless Chromium: it loads without a console error, its numbers move while requests run
/// through the gateway, and it fits a desktop (1280×800) and a phone (390×844). With <c>SKILLGATE_DOCS_SCREENSHOT=1</c>
/// the desktop view is saved to <c>docs/images/dashboard.png</c>.
/// </summary>
public sealed class DashboardBrowserTests
{
    private static readonly string[] Tenants = ["team-a", "team-b", "batch"];

    [Fact]
    public async Task Dashboard_InChromiumUnderLoad_LoadsCleanlyNumbersMoveAndFitsDesktopAndPhone()
    {
        await using var gateway = await SimulatedGateway.StartAsync(options =>
        {
            for (var i = 0; i < Tenants.Length; i++)
            {
                options.ClientKeys.Add(new ClientKeyOptions { Key = KeyOf(Tenants[i]), Tenant = Tenants[i], Priority = i == 2 ? 8 : 2 });
            }
        });
        var (browser, profile) = await SystemChromium.LaunchAsync();
        try
        {
            await using var _ = browser;
            await using var page = await browser.NewPageAsync();
            var problems = new List<string>();
            page.Console += (_, e) =>
            {
                if (e.Message.Type == ConsoleType.Error)
                {
                    problems.Add("console: " + e.Message.Text);
                }
            };
            page.PageError += (_, e) => problems.Add("page error: " + e.Message);
            page.RequestFailed += (_, e) =>
            {
                // The event stream is cut when the page closes; anything else failing to load is a defect.
                if (!e.Request.Url.EndsWith("/dashboard/events", StringComparison.Ordinal))
                {
                    problems.Add("failed to load: " + e.Request.Url);
                }
            };

            await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 800 });
            var response = await page.GoToAsync(new Uri(gateway.BaseUrl, "/dashboard").ToString(), WaitUntilNavigation.Load);
            Assert.Equal(HttpStatusCode.OK, response.Status);
            await page.WaitForFunctionAsync("() => document.getElementById('status').textContent === 'live' && document.querySelectorAll('#keys tbody tr').length > 0", new WaitForFunctionOptions { Timeout = 15_000 });
            var before = await RequestsShownAsync(page);

            using var load = new CancellationTokenSource();
            var traffic = RunLoadAsync(gateway.BaseUrl, load.Token);
            try
            {
                await page.WaitForFunctionAsync(
                    $"() => Number(document.getElementById('stat-requests').textContent.replace(/,/g, '')) >= {before + 20}"
                    + " && document.querySelectorAll('#tokens tbody tr').length > 0"
                    + " && document.querySelector('#chart-latency polyline.s0').getAttribute('points').split(' ').length >= 2",
                    new WaitForFunctionOptions { Timeout = 30_000, PollingInterval = 200 });
                var first = await RequestsShownAsync(page);
                await page.WaitForFunctionAsync(
                    $"() => Number(document.getElementById('stat-requests').textContent.replace(/,/g, '')) > {first}",
                    new WaitForFunctionOptions { Timeout = 15_000, PollingInterval = 200 });

                Assert.True(await RequestsShownAsync(page) > first, "the request count did not move while load ran");
                Assert.Contains("team-a", await page.EvaluateExpressionAsync<string>("document.getElementById('tokens').textContent"), StringComparison.Ordinal);
                var keysText = await page.EvaluateExpressionAsync<string>("document.getElementById('keys').textContent");
                Assert.Contains("key-0", keysText, StringComparison.Ordinal);
                Assert.DoesNotContain(gateway.Simulator.Keys[0], keysText, StringComparison.Ordinal);
                await SaveScreenshotAsync(page);

                await page.SetViewportAsync(new ViewPortOptions { Width = 390, Height = 844, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 });
                await page.ReloadAsync();
                await page.WaitForFunctionAsync("() => document.getElementById('status').textContent === 'live' && Number(document.getElementById('stat-requests').textContent.replace(/,/g, '')) >= 0", new WaitForFunctionOptions { Timeout = 15_000 });
                var phoneBefore = await RequestsShownAsync(page);
                await page.WaitForFunctionAsync(
                    $"() => Number(document.getElementById('stat-requests').textContent.replace(/,/g, '')) > {phoneBefore}",
                    new WaitForFunctionOptions { Timeout = 15_000, PollingInterval = 200 });
                var overflow = await page.EvaluateExpressionAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
                Assert.True(overflow <= 0, $"the page is {overflow} px wider than a 390 px phone");
                var chartWidth = await page.EvaluateExpressionAsync<double>("document.getElementById('chart-ttft').getBoundingClientRect().width");
                Assert.InRange(chartWidth, 300, 390);
            }
            finally
            {
                await load.CancelAsync();
                await traffic;
            }

            Assert.Empty(problems);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static string KeyOf(string tenant) => $"sg-test-{tenant}-key";

    private static async Task<long> RequestsShownAsync(IPage page) =>
        long.Parse((await page.EvaluateExpressionAsync<string>("document.getElementById('stat-requests').textContent")).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>Streaming and plain Messages calls from every tenant, a few at a time, until cancelled.</summary>
    private static async Task RunLoadAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = baseUrl };
        var workers = Enumerable.Range(0, 6).Select(async worker =>
        {
            var tenant = Tenants[worker % Tenants.Length];
            var stream = worker % 2 == 0 ? "true" : "false";
            while (!cancellationToken.IsCancellationRequested)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
                {
                    Content = new StringContent($$"""{"model":"claude-sonnet-4-5","max_tokens":64,"stream":{{stream}},"messages":[{"role":"user","content":"Say hello to the dashboard."}]}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("x-api-key", KeyOf(tenant));
                try
                {
                    using var response = await client.SendAsync(request, cancellationToken);
                    _ = await response.Content.ReadAsStringAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        });
        await Task.WhenAll(workers);
    }

    private static async Task SaveScreenshotAsync(IPage page)
    {
        var path = Environment.GetEnvironmentVariable("SKILLGATE_DOCS_SCREENSHOT") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "images", "dashboard.png")
            : Path.Combine(Path.GetTempPath(), $"skillgate-dashboard-{Environment.ProcessId}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = true });
        var png = await File.ReadAllBytesAsync(path);
        Assert.True(png.Length > 10_000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "the screenshot is not a PNG of a drawn page");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Skillgate.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Skillgate.slnx not found above " + AppContext.BaseDirectory);
    }
}
