using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Sahana.Sync.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's headless Chromium driven through its chromedriver (nothing downloaded), with a download
/// folder and a screenshot folder of its own.
/// </summary>
public sealed class ChromiumBrowser : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";

    private readonly ChromeDriver _driver;
    private readonly string _profile = Path.Combine(Path.GetTempPath(), $"sahana-sync-chromium-{Guid.NewGuid():N}");

    public ChromiumBrowser()
    {
        Downloads = Path.Combine(Path.GetTempPath(), $"sahana-sync-downloads-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Downloads);
        Directory.CreateDirectory(Screenshots);

        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US", $"--user-data-dir={_profile}");
        options.AddUserProfilePreference("download.default_directory", Downloads);
        options.AddUserProfilePreference("download.prompt_for_download", false);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        _driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
    }

    /// <summary>Where the screenshots of every run go: TestResults/screenshots under the test output.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public string Downloads { get; }

    public IWebDriver Driver => _driver;

    public static bool IsInstalled => File.Exists(Chromium) && File.Exists(ChromeDriver);

    /// <summary>Signs in as <paramref name="user"/>: the test's authentication reads a cookie, which the browser sends to every port of 127.0.0.1.</summary>
    public void SignIn(string url, string user)
        => _driver.ExecuteCdpCommand("Network.setCookie", new Dictionary<string, object?>
        {
            ["name"] = TestAuthenticationHandler.Cookie,
            ["value"] = user,
            ["url"] = url,
        });

    public void Open(string url) => _driver.Navigate().GoToUrl(url);

    /// <summary>Uploads a file with the page's form and waits for the page that reports on it.</summary>
    public IWebElement Upload(string file)
    {
        Find("#file").SendKeys(file);
        Find("#upload-button").Click();

        // A click starts the form's navigation without waiting for it; the new page has the outcome.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (FindAll("#outcome-section") is [var outcome])
            {
                return outcome;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The upload's outcome did not appear within a minute.");
            }

            Thread.Sleep(50);
        }
    }

    public IWebElement Find(string css) => _driver.FindElement(By.CssSelector(css));

    /// <summary>Clicks <paramref name="button"/> and waits for the page its form leads to, which has <paramref name="css"/>.</summary>
    public IWebElement ClickAndWaitFor(string button, string css)
    {
        Find(button).Click();

        // A click starts the form's navigation without waiting for it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (FindAll(css) is [var found])
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{css} did not appear within a minute of clicking {button}.");
            }

            Thread.Sleep(50);
        }
    }

    public IReadOnlyList<IWebElement> FindAll(string css) => _driver.FindElements(By.CssSelector(css));

    /// <summary>The text of every cell of a table's body, row by row (header cells of a row included).</summary>
    public IReadOnlyList<string[]> Rows(string tableId)
        => [.. FindAll($"#{tableId} tbody tr").Select(r => r.FindElements(By.CssSelector("th, td")).Select(c => c.Text.Trim()).ToArray())];

    /// <summary>Saves the whole page, not only the window, as <c>name.png</c>; returns the path.</summary>
    public string Screenshot(string name)
    {
        var height = Convert.ToInt64(_driver.ExecuteScript("return Math.ceil(document.documentElement.scrollHeight);"), System.Globalization.CultureInfo.InvariantCulture);
        _driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = 1280,
            ["height"] = height,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = false,
        });
        var path = Path.Combine(Screenshots, name + ".png");
        _driver.GetScreenshot().SaveAsFile(path);
        _driver.ExecuteCdpCommand("Emulation.clearDeviceMetricsOverride", []);
        return path;
    }

    /// <summary>Waits for the browser to finish the one download it was asked for.</summary>
    public string WaitForDownload(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var files = Directory.GetFiles(Downloads);
            files = [.. files.Where(f => !Path.GetFileName(f).StartsWith('.'))];
            if (files.Length == 1 && !files[0].EndsWith(".crdownload", StringComparison.Ordinal) && new FileInfo(files[0]).Length > 0)
            {
                return files[0];
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"No download finished in {Downloads} within {timeout}.");
    }

    public void ClearDownloads()
    {
        foreach (var file in Directory.GetFiles(Downloads))
        {
            File.Delete(file);
        }
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
        foreach (var folder in new[] { _profile, Downloads })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still hold a file for a moment after quitting; the folder is in /tmp.
            }
        }
    }
}
