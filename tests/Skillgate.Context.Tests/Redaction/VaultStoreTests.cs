using Skillgate.Redaction;
using Skillgate.Redis;
using Skillgate.Storage;
using Skillgate.Testing;

namespace Skillgate.Context.Tests.Redaction;

/// <summary>The contract of a durable vault store, run against every implementation.</summary>
public abstract class VaultStoreTests
{
    private static readonly RedactionOptions Options = new() { Key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray()) };

    protected abstract IPseudonymVaultStore CreateStore();

    /// <summary>A second store over the same data, as a restarted process opens it.</summary>
    protected abstract IPseudonymVaultStore Reopen();

    [Fact]
    public async Task LoadAsync_NeverSaved_Null()
    {
        Assert.Null(await CreateStore().LoadAsync("nobody:" + Guid.NewGuid()));
    }

    [Fact]
    public async Task SaveAsync_ThenLoad_SameBytesAndReplaced()
    {
        var store = CreateStore();
        var id = "t:" + Guid.NewGuid();
        await store.SaveAsync(id, [1, 2, 3]);
        await store.SaveAsync(id, [4, 5]);

        Assert.Equal([4, 5], await store.LoadAsync(id));
    }

    [Fact]
    public async Task Pseudonymizer_VaultSavedThenReopened_RestoresAndHoldsOnlyCiphertext()
    {
        var id = "tenant:" + Guid.NewGuid();
        var first = new Pseudonymizer(Options, new EntityRecognizer(Options), CreateStore());
        var vault = await first.GetVaultAsync(id);
        var redacted = first.Redact("Write to anna.k@example.com", vault);
        await first.SaveVaultAsync(vault);

        var reopened = Reopen();
        var sealedBytes = await reopened.LoadAsync(id);
        var second = new Pseudonymizer(Options, new EntityRecognizer(Options), reopened);
        var restored = second.Restore(redacted, await second.GetVaultAsync(id));

        Assert.Equal("Write to anna.k@example.com", restored);
        Assert.NotNull(sealedBytes);
        Assert.Equal(-1, sealedBytes.AsSpan().IndexOf("anna.k@example.com"u8));
    }

    [Fact]
    public async Task Pseudonymizer_OtherKey_VaultRefused()
    {
        var id = "tenant:" + Guid.NewGuid();
        var first = new Pseudonymizer(Options, new EntityRecognizer(Options), CreateStore());
        var vault = await first.GetVaultAsync(id);
        first.Redact("anna.k@example.com", vault);
        await first.SaveVaultAsync(vault);

        var other = new RedactionOptions();
        var second = new Pseudonymizer(other, new EntityRecognizer(other), Reopen());
        var error = await Assert.ThrowsAsync<RedactionFailedException>(async () => await second.GetVaultAsync(id));
        Assert.Equal("vault", error.Reason);
    }
}

public sealed class SqliteVaultStoreTests : VaultStoreTests, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"skillgate-vault-tests-{Guid.NewGuid():N}.db");

    protected override IPseudonymVaultStore CreateStore() => VaultStores.CreateSqlite(new SqliteStoreOptions { Path = _path });

    protected override IPseudonymVaultStore Reopen() => VaultStores.CreateSqlite(new SqliteStoreOptions { Path = _path }, maxInMemory: 0);

    [Fact]
    public async Task LoadAsync_OlderThanRetention_Null()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = VaultStores.CreateSqlite(new SqliteStoreOptions { Path = _path }, TimeSpan.FromDays(1), maxInMemory: 0, time);
        await store.SaveAsync("old", [9]);
        time.Advance(TimeSpan.FromDays(2));

        Assert.Null(await store.LoadAsync("old"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" }.Where(File.Exists))
        {
            File.Delete(f);
        }
    }
}

public sealed class RedisVaultStoreTests(RedisServerFixture redis) : VaultStoreTests, IClassFixture<RedisServerFixture>
{
    protected override IPseudonymVaultStore CreateStore() => RedisStores.CreateVaultStore(redis.Connection);

    protected override IPseudonymVaultStore Reopen() => RedisStores.CreateVaultStore(redis.Connection);
}
