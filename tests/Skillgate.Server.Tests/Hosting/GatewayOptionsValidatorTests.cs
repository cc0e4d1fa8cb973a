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
}
