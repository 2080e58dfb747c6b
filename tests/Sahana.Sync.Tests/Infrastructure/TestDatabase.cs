using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// A scratch database on one provider, made for one test and thrown away after it. Tests that run on
/// every provider take one of these from <c>DatabaseTests</c>' subclasses.
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract string ProviderName { get; }

    /// <summary>Points an options builder at this database.</summary>
    public abstract void Configure(DbContextOptionsBuilder options);

    public abstract DbConnection OpenConnection();

    public abstract ValueTask DisposeAsync();
}
