using Microsoft.Extensions.Options;
using Skillgate.Server.Hosting;

namespace Skillgate.Server.Tests.Hosting;

public sealed class GatewayOptionsValidatorTests
{
    private static GatewayOptions Valid()
    {
        var options = new GatewayOptions();
        options.Upstream.BaseUrl = new Uri("http://127.0.0.1:4000");
        options.Upstream.Keys.Add("sk-test");
        return options;
    }

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        Assert.True(new GatewayOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    [Theory]
    [InlineData(0L, false)]
    [InlineData(65535L, false)]
    [InlineData(65536L, true)]
    public void Validate_MaxResumeBufferBytes_AtLeast64K(long bytes, bool valid)
    {
        var options = Valid();
        options.WebSocket.MaxResumeBufferBytes = bytes;

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        Assert.Equal(valid, result.Failures is null || !result.Failures.Any(f => f.Contains("Skillgate:WebSocket:MaxResumeBufferBytes", StringComparison.Ordinal)));
    }

    [Fact]
    public void Validate_MissingUpstream_NamesTheKeys()
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions());

        Assert.Contains(result.Failures!, f => f.Contains("Skillgate:Upstream:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Skillgate:Upstream:Keys", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PublicAddressWithoutClientKeys_Fails()
    {
        var options = Valid();
        options.ListenAddress = "0.0.0.0";

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.Contains("Skillgate:ListenAddress", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short", "t", 5, 0, "Skillgate:ClientKeys:0:Key")]
    [InlineData("0123456789abcdef", "", 5, 0, "Skillgate:ClientKeys:0:Tenant")]
    [InlineData("0123456789abcdef", "t", 12, 0, "Skillgate:ClientKeys:0:Priority")]
    [InlineData("0123456789abcdef", "t", 5, -1, "Skillgate:ClientKeys:0:RequestsPerMinute")]
    public void Validate_BadClientKey_NamesTheKey(string key, string tenant, int priority, int rpm, string expected)
    {
        var options = Valid();
        options.ClientKeys.Add(new ClientKeyOptions { Key = key, Tenant = tenant, Priority = priority, RequestsPerMinute = rpm });

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_NonPositiveWeight_NamesTheKey(double weight)
    {
        var options = Valid();
        options.ClientKeys.Add(new ClientKeyOptions { Key = "0123456789abcdef", Tenant = "t" });
        options.ClientKeys.Add(new ClientKeyOptions { Key = "fedcba9876543210", Tenant = "u", Weight = weight });

        var result = new GatewayOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Skillgate:ClientKeys:1:Weight must be a positive number", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Validate_NonPositiveTenantDeadline_NamesTheKey(int seconds)
    {
        var options = Valid();
        options.ClientKeys.Add(new ClientKeyOptions { Key = "0123456789abcdef", Tenant = "t", Deadline = TimeSpan.FromSeconds(seconds) });

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.StartsWith("Skillgate:ClientKeys:0:Deadline must be positive", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TenantUpstreamKeyAlsoSharedOrOtherTenants_NamesBothPathsAndNeverTheKey()
    {
        var options = Valid();
        var first = new ClientKeyOptions { Key = "0123456789abcdef", Tenant = "t" };
        first.UpstreamKeys.Add("sk-test");
        first.UpstreamKeys.Add("sk-own-t");
        var second = new ClientKeyOptions { Key = "fedcba9876543210", Tenant = "u" };
        second.UpstreamKeys.Add("sk-own-t");
        options.ClientKeys.Add(first);
        options.ClientKeys.Add(second);

        var failures = new GatewayOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(2, failures.Count);
        Assert.StartsWith("Skillgate:ClientKeys:0:UpstreamKeys:0 is the same key as Skillgate:Upstream:Keys:0", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("Skillgate:ClientKeys:1:UpstreamKeys:0 is the same key as Skillgate:ClientKeys:0:UpstreamKeys:1", failures[1], StringComparison.Ordinal);
        Assert.All(failures, f => Assert.DoesNotContain("sk-", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NegativeTenantUpstreamKeyLimit_NamesTheKey()
    {
        var options = Valid();
        var key = new ClientKeyOptions { Key = "0123456789abcdef", Tenant = "t" };
        key.UpstreamKeys.Add("sk-own");
        key.UpstreamKeyLimits.Add(new GatewayKeyLimitOptions { OutputTokensPerMinute = -1 });
        options.ClientKeys.Add(key);

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.StartsWith("Skillgate:ClientKeys:0:UpstreamKeyLimits:0 must not be negative", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeysOfOneTenantDisagree_NamesEachSettingAndNeverTheKeys()
    {
        var options = Valid();
        options.ClientKeys.Add(new ClientKeyOptions { Key = "0123456789abcdef", Tenant = "t", Weight = 3 });
        options.ClientKeys.Add(new ClientKeyOptions { Key = "sg-other-tenant", Tenant = "u", Priority = 1 });
        var second = new ClientKeyOptions { Key = "fedcba9876543210", Tenant = "t", Weight = 3, Priority = 2 };
        second.UpstreamKeys.Add("sk-secret-own");
        options.ClientKeys.Add(second);
        options.ClientKeys.Add(new ClientKeyOptions { Key = "sg-same-settings", Tenant = "t", Weight = 3 });

        var failures = new GatewayOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(2, failures.Count);
        Assert.StartsWith("Skillgate:ClientKeys:2:Priority differs from Skillgate:ClientKeys:0:Priority", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("Skillgate:ClientKeys:2:UpstreamKeys differs from Skillgate:ClientKeys:0:UpstreamKeys", failures[1], StringComparison.Ordinal);
        Assert.All(failures, f => Assert.DoesNotContain("secret", f, StringComparison.Ordinal));
        Assert.All(failures, f => Assert.DoesNotContain("fedcba", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadWebSocketSettings_NameTheKeys()
    {
        var options = Valid();
        options.WebSocket.PingInterval = TimeSpan.Zero;
        options.WebSocket.SendBufferEvents = 0;

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("Skillgate:WebSocket:PingInterval", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Skillgate:WebSocket:SendBufferEvents", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ThrowsNamingTheKey()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(new GatewayOptions { Port = 0 }));

        Assert.Contains("Skillgate:Upstream:BaseUrl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_BadSchedulerConcurrency_ThrowsNamingTheKey()
    {
        var options = Valid();
        options.Port = 0;
        options.Scheduler.Concurrency.MinLimit = 0;
        options.Scheduler.Concurrency.BackoffRatio = 1.5;

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(options));

        Assert.Contains("Skillgate:Scheduler:Concurrency:MinLimit", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Skillgate:Scheduler:Concurrency:BackoffRatio", ex.Message, StringComparison.Ordinal);
    }
}
