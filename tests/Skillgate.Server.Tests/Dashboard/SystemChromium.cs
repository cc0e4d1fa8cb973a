using PuppeteerSharp;

namespace Skillgate.Server.Tests.Dashboard;

/// <summary>
/// Debian's <c>chromium</c> (installed by test.sh, as redis-server is), started headless by PuppeteerSharp with a fresh
/// profile; no browser is downloaded. A machine without it fails the test saying how to install it.
/// </summary>
internal static class SystemChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IBrowser Browser, string Profile)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: the dashboard's browser test needs Debian's chromium. Run test.sh as root (it installs it with apt-get) or `apt-get install -y chromium`.");
        }

        var profile = Directory.CreateTempSubdirectory("skillgate-chromium-").FullName;
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            UserDataDir = profile,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
            Timeout = 60_000,
        });
        return (browser, profile);
    }
}
