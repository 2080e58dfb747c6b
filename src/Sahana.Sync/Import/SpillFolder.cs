using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Sahana.Sync.Import;

/// <summary>
/// Where imports park their spills (<see cref="SahanaSyncOptions.SpillDirectory"/>, else the system's temporary
/// folder). The first spill of a process in a folder first removes what killed processes left there.
/// </summary>
internal sealed partial class SpillFolder(string? folder, ILogger logger)
{
    /// <summary>The folders this process has already swept: once per folder per process.</summary>
    private static readonly ConcurrentDictionary<string, bool> Swept = new(StringComparer.Ordinal);

    /// <summary>How old a spill of the former naming (no process id) must be to be taken for a leftover.</summary>
    private static readonly TimeSpan OldStyleAge = TimeSpan.FromDays(1);

    /// <summary>Gets the folder spills are created in.</summary>
    internal string Path { get; } = System.IO.Path.GetFullPath(folder ?? System.IO.Path.GetTempPath());

    /// <summary>Creates a spill here, after sweeping the folder if this process has not yet.</summary>
    internal RowSpill Create() => new(CreateFile(out var path), path);

    /// <summary>
    /// A new file here, after sweeping the folder if this process has not yet: readable by this process's user
    /// only (0600), named after the process, and on Unix unlinked as soon as it is created, so even a killed
    /// process leaves nothing (on Windows it is deleted when closed). Its handle is the only way back to it.
    /// </summary>
    internal FileStream CreateFile(out string path)
    {
        if (Swept.TryAdd(Path, true))
        {
            Sweep();
        }

        path = System.IO.Path.Combine(
            Path, $"sahana-sync-{Environment.ProcessId}-{System.IO.Path.GetRandomFileName()}.spill");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read,
            BufferSize = 1 << 16,
            Options = FileOptions.SequentialScan,
        };
        if (OperatingSystem.IsWindows())
        {
            options.Options |= FileOptions.DeleteOnClose;
        }
        else
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }

        return file;
    }

    /// <summary>
    /// Removes spills whose process is gone (<c>sahana-sync-{pid}-{random}.spill</c>), and files of the former
    /// naming (<c>sahana-sync-{random}</c>) older than a day. A spill of a running process is never touched.
    /// </summary>
    internal void Sweep()
    {
        string[] candidates;
        try
        {
            candidates = Directory.GetFiles(Path, "sahana-sync-*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogSweepFailed(logger, Path, e.Message);
            return;
        }

        foreach (var file in candidates)
        {
            var name = System.IO.Path.GetFileName(file);
            try
            {
                if (IsLeftover(name, file))
                {
                    File.Delete(file);
                    LogRemoved(logger, file);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogSweepFailed(logger, file, e.Message);
            }
        }
    }

    private static bool IsLeftover(string name, string file)
    {
        if (name.EndsWith(".spill", StringComparison.Ordinal))
        {
            var pid = name["sahana-sync-".Length..].Split('-', 2)[0];
            return int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && !IsRunning(id);
        }

        // The former naming: sahana-sync- and a random 8.3 file name. Databases and pushes are named otherwise.
        var rest = name["sahana-sync-".Length..];
        return rest.Length == 12 && rest[8] == '.' && !rest.Contains('-', StringComparison.Ordinal)
            && File.GetLastWriteTimeUtc(file) < DateTime.UtcNow - OldStyleAge;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    [LoggerMessage(
        EventId = 37,
        Level = LogLevel.Information,
        Message = "Removed {File}, a sync import's spill left by a process that is no longer running.")]
    private static partial void LogRemoved(ILogger logger, string file);

    [LoggerMessage(
        EventId = 38,
        Level = LogLevel.Warning,
        Message = "Could not sweep {Path} for spills left by stopped processes: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string path, string reason);
}
