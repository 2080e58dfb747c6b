using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// What one host reports to System.Diagnostics while a test runs: the measurements of the meters its own
/// IMeterFactory made, and the spans of one trace the recorder starts (<see cref="Root"/>), so tests that run at
/// the same time in the same process do not see each other's.
/// </summary>
public sealed class TelemetryRecorder : IDisposable
{
    private static readonly ActivitySource TestSource = new("Sahana.Sync.Tests");

    private static readonly ConcurrentDictionary<ActivityTraceId, TelemetryRecorder> Recorders = new();

    // One listener for the process, never removed: a listener removed while another thread starts a span can make
    // ActivitySource skip the listeners after it (its list is walked without a lock), and that span goes missing.
    private static readonly ActivityListener Listener = StartListener();

    private readonly MeterListener _meters = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public TelemetryRecorder(IServiceProvider host)
    {
        var factory = host.GetRequiredService<IMeterFactory>();
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SyncDiagnostics.Name && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.Start();

        Root = StartRoot();
        Recorders[Root.TraceId] = this;
    }

    /// <summary>The test's own span: what the code under test starts while it is current is in its trace.</summary>
    public Activity Root { get; }

    public IReadOnlyList<Activity> Spans => [.. _stopped];

    public IReadOnlyList<Measurement> Measurements => [.. _measurements];

    /// <summary>The measurements of one instrument.</summary>
    public IReadOnlyList<Measurement> Of(string instrument)
        => [.. _measurements.Where(m => m.Instrument == instrument)];

    /// <summary>The sum of an instrument's measurements whose tags include all of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Key, object? Value)[] tags)
        => Of(instrument)
            .Where(m => tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))
            .Sum(m => m.Value);

    public void Dispose()
    {
        Root.Dispose();
        Recorders.TryRemove(Root.TraceId, out _);
        _meters.Dispose();
    }

    private static Activity StartRoot()
    {
        GC.KeepAlive(Listener);
        return TestSource.StartActivity("test", ActivityKind.Internal, parentContext: default)
            ?? throw new InvalidOperationException("The test's root span was not sampled.");
    }

    private static ActivityListener StartListener()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SyncDiagnostics.Name || source == TestSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> options)
                => options.Source == TestSource || Recorders.ContainsKey(options.Parent.TraceId)
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (Recorders.TryGetValue(activity.TraceId, out var recorder))
                {
                    recorder._stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
        => _measurements.Enqueue(new Measurement(
            instrument.Name,
            instrument.Unit,
            Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
            tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    public sealed record Measurement(
        string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags);
}
