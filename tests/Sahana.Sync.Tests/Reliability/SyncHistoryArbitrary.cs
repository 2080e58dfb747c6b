using FsCheck;
using FsCheck.Fluent;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Generates <see cref="SyncHistory"/> cases (3 to 5 instances, up to 16 steps growing with FsCheck's size)
/// and shrinks a failing one towards fewer steps, fewer instances, full files and plain values.
/// </summary>
public static class SyncHistoryArbitrary
{
    private const int MaxSteps = 16;

    // A handful of values: equal names on two instances are common.
    private const int Values = 4;

    public static Arbitrary<SyncHistory> Histories() => Arb.From(History(), Shrink);

    private static Gen<SyncHistory> History() =>
        from instances in Gen.Frequency((6, Gen.Constant(3)), (3, Gen.Constant(4)), (1, Gen.Constant(5)))
        from offsets in Gen.ArrayOf(ClockOffset(), instances)
        from length in Gen.Sized(size => Gen.Choose(1, Math.Min(MaxSteps, 3 + (size / 6))))
        from steps in Gen.ArrayOf(Step(instances), length)
        from finalDeltas in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false))), instances * (instances - 1))
        select new SyncHistory(instances, offsets, steps, finalDeltas);

    // Most instances' clocks are right; the others are off by up to MaxOffsetMinutes either way.
    private static Gen<int> ClockOffset() => Gen.Frequency(
        (2, Gen.Constant(0)),
        (3, Gen.Choose(-SyncHistory.MaxOffsetMinutes, SyncHistory.MaxOffsetMinutes)));

    private static Gen<SyncStep> Step(int instances) => Gen.Frequency(
        (6, Edit(instances).Select(e => (SyncStep)e)),
        (1, TwinEdit(instances).Select(e => (SyncStep)e)),
        (3, Exchange(instances).Select(e => (SyncStep)e)),
        (1, EditDuringExport(instances).Select(e => (SyncStep)e)));

    private static Gen<EditDuringExportStep> EditDuringExport(int instances) =>
        from edit in Edit(instances)
        from offset in Gen.Choose(1, instances - 1)
        select new EditDuringExportStep(edit with { Skew = 0 }, (edit.Site + offset) % instances);

    private static Gen<EditStep> Edit(int instances) =>
        from site in Gen.Choose(0, instances - 1)
        from skew in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(-3, 1)))
        from kind in Gen.Frequency(
            (2, Gen.Constant(EditKind.InsertTeam)),
            (3, Gen.Constant(EditKind.InsertMember)),
            (5, Gen.Constant(EditKind.Rename)),
            (2, Gen.Constant(EditKind.Delete)),
            (2, Gen.Constant(EditKind.Undelete)),
            (2, Gen.Constant(EditKind.MoveToTeam)),
            (2, Gen.Constant(EditKind.ChangeMentor)),
            (2, Gen.Constant(EditKind.ChangeLead)))
        from target in Gen.Choose(0, 7)
        from other in Gen.Choose(0, 7)
        from value in Gen.Choose(0, Values - 1)
        select new EditStep(site, skew, kind, target, other, value);

    private static Gen<TwinEditStep> TwinEdit(int instances) =>
        from site in Gen.Choose(0, instances - 1)
        from offset in Gen.Choose(1, instances - 1)
        from kind in Gen.Elements(EditKind.Rename, EditKind.Rename, EditKind.Delete, EditKind.MoveToTeam, EditKind.ChangeMentor, EditKind.ChangeLead)
        from target in Gen.Choose(0, 7)
        from other in Gen.Choose(0, 7)
        from value in Gen.Choose(0, Values - 1)
        from twinValue in Gen.Choose(0, Values - 1)
        select new TwinEditStep(site, (site + offset) % instances, kind, target, other, value, twinValue);

    private static Gen<ExchangeStep> Exchange(int instances) =>
        from sender in Gen.Choose(0, instances - 1)
        from offset in Gen.Choose(1, instances - 1)
        from kind in Gen.Elements(ExchangeKind.Full, ExchangeKind.Delta, ExchangeKind.Stale)
        from stale in Gen.Choose(0, 3)
        select new ExchangeStep(sender, (sender + offset) % instances, kind, stale);

    private static IEnumerable<SyncHistory> Shrink(SyncHistory history)
    {
        // One instance fewer, when no step involves the last one.
        if (history.Instances > 2 && history.Steps.All(s => !Involves(s, history.Instances - 1)))
        {
            var fewer = history.Instances - 1;
            var kept = history.FinalPairs().Select((p, i) => (p, i)).Where(x => x.p.From < fewer && x.p.To < fewer).Select(x => history.FinalDeltas[x.i]);
            yield return history with { Instances = fewer, ClockOffsets = history.ClockOffsets[..fewer], FinalDeltas = [.. kept] };
        }

        for (var i = 0; i < history.ClockOffsets.Length; i++)
        {
            if (history.ClockOffsets[i] != 0)
            {
                var offsets = (int[])history.ClockOffsets.Clone();
                offsets[i] = 0;
                yield return history with { ClockOffsets = offsets };
            }
        }

        for (var i = 0; i < history.Steps.Length; i++)
        {
            yield return history with { Steps = [.. history.Steps[..i], .. history.Steps[(i + 1)..]] };
        }

        for (var i = 0; i < history.Steps.Length; i++)
        {
            foreach (var simpler in Simpler(history.Steps[i]))
            {
                var steps = (SyncStep[])history.Steps.Clone();
                steps[i] = simpler;
                yield return history with { Steps = steps };
            }
        }

        for (var i = 0; i < history.FinalDeltas.Length; i++)
        {
            if (history.FinalDeltas[i])
            {
                var finalDeltas = (bool[])history.FinalDeltas.Clone();
                finalDeltas[i] = false;
                yield return history with { FinalDeltas = finalDeltas };
            }
        }
    }

    private static IEnumerable<SyncStep> Simpler(SyncStep step)
    {
        switch (step)
        {
            case EditStep edit:
                if (edit.Skew != 0)
                {
                    yield return edit with { Skew = 0 };
                }

                if (edit.Target > 0)
                {
                    yield return edit with { Target = 0 };
                }

                if (edit.Other > 0)
                {
                    yield return edit with { Other = 0 };
                }

                if (edit.Value > 0)
                {
                    yield return edit with { Value = 0 };
                }

                break;
            case TwinEditStep twin:
                yield return new EditStep(twin.Site, 0, twin.Kind, twin.Target, twin.Other, twin.Value);
                if (twin.Target > 0)
                {
                    yield return twin with { Target = 0 };
                }

                if (twin.Other > 0)
                {
                    yield return twin with { Other = 0 };
                }

                break;
            case EditDuringExportStep during:
                yield return during.Edit;
                break;
            case ExchangeStep { Kind: not ExchangeKind.Full } exchange:
                yield return exchange with { Kind = ExchangeKind.Full, Stale = 0 };
                break;
        }
    }

    private static bool Involves(SyncStep step, int site) => step switch
    {
        EditStep edit => edit.Site == site,
        TwinEditStep twin => twin.Site == site || twin.Twin == site,
        ExchangeStep exchange => exchange.From == site || exchange.To == site,
        EditDuringExportStep during => during.Edit.Site == site || during.To == site,
        _ => false,
    };
}
