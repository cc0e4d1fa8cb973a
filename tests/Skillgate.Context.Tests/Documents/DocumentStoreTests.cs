using Skillgate.Context;
using Skillgate.Core.Tests.Context;
using Skillgate.Documents;
using Skillgate.Redis;
using Skillgate.Storage;
using Skillgate.Testing;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Documents;

/// <summary>The contract of <see cref="IDocumentStore"/>, run against every implementation.</summary>
public abstract class DocumentStoreTests
{
    protected static readonly ITokenEstimator Estimator = TokenEstimators.Create();

    protected abstract IDocumentStore CreateStore();

    [Fact]
    public async Task PutAsync_SameBytesTwice_StoredOnceUnderContentHash()
    {
        var store = CreateStore();
        var csv = System.Text.Encoding.UTF8.GetBytes($"a,b\n1,{Guid.NewGuid()}\n");
        var first = await store.PutAsync(csv, "one.csv");
        var second = await store.PutAsync(csv, "two.csv");
        Assert.Equal(first, second);
        Assert.Equal("one.csv", second.Name);
        Assert.Equal(64, first.Hash.Length);
        Assert.Equal(DocumentConverter.Csv, first.MediaType);
        Assert.True(first.Tokens > 0);
        Assert.Equal(first, await store.GetAsync(first.Hash));
        Assert.Null(await store.GetAsync("0000"));
    }

    [Fact]
    public async Task PutAsync_ConcurrentUploadsOfOneFile_AllGetTheSameDocument()
    {
        var store = CreateStore();
        var pdf = TestFiles.Pdf([["Concurrent " + Guid.NewGuid()]]);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.PutAsync(pdf, "same.pdf"))));
        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.Contains("Concurrent", results[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_NameWithFolders_KeepsFileNameAndOriginalBytesOfPdfsOnly()
    {
        var store = CreateStore();
        var pdf = TestFiles.Pdf([["Kept " + Guid.NewGuid()]]);
        var csv = System.Text.Encoding.UTF8.GetBytes($"a,b\n1,{Guid.NewGuid()}\n");

        var storedPdf = await store.PutAsync(pdf, Path.Combine("uploads", "march", "report.pdf"));
        var storedCsv = await store.PutAsync(csv, Path.Combine("uploads", "people.csv"));

        Assert.Equal("report.pdf", storedPdf.Name);
        Assert.Equal(DocumentConverter.Pdf, storedPdf.MediaType);
        Assert.Equal(pdf, await store.GetContentAsync(storedPdf.Hash));
        Assert.Equal("people.csv", storedCsv.Name);
        Assert.Null(await store.GetContentAsync(storedCsv.Hash));
    }

    [Fact]
    public async Task PutAsync_Unreadable_ThrowsAndStoresNothing()
    {
        var store = CreateStore();
        await Assert.ThrowsAsync<DocumentFormatException>(() => store.PutAsync(new byte[] { 0xFF, 0xFE, 0x00, 0xD8 }, "bad.txt"));
        Assert.Null(await store.GetAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(new byte[] { 0xFF, 0xFE, 0x00, 0xD8 }))));
    }
}

public sealed class SqliteDocumentStoreTests : DocumentStoreTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override IDocumentStore CreateStore() =>
        DocumentStores.CreateSqlite(new SqliteStoreOptions { Path = Path.Combine(_directory.Path, "docs.db") }, Estimator);

    public void Dispose() => _directory.Dispose();
}

public sealed class RedisDocumentStoreTests(RedisServerFixture redis) : DocumentStoreTests, IClassFixture<RedisServerFixture>
{
    protected override IDocumentStore CreateStore() => RedisStores.CreateDocumentStore(redis.Connection, Estimator, "t" + Guid.NewGuid().ToString("N")[..8] + ":");
}
