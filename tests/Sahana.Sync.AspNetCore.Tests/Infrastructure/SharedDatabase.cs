using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Another node's handle on a database a first node owns: the same connection, and disposing it drops nothing
/// (the owner drops the database when it is disposed).
/// </summary>
public sealed class SharedDatabase(TestDatabase owner) : TestDatabase
{
    public override string ProviderName => owner.ProviderName;

    public override void Configure(DbContextOptionsBuilder options) => owner.Configure(options);

    public override DbConnection OpenConnection() => owner.OpenConnection();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
