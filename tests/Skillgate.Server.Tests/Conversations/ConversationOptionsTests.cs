using Skillgate.Server.Hosting;

namespace Skillgate.Server.Tests.Conversations;

public sealed class ConversationOptionsTests
{
    [Theory]
    [InlineData("", "Skillgate:Conversations:Store")]
    [InlineData("redis:", "Skillgate:Conversations:Store")]
    public void Validate_BadStore_NamesTheKey(string store, string key)
    {
        var options = Valid();
        options.Conversations.Store = store;
        var result = new GatewayOptionsValidator().Validate(null, options);
        Assert.Contains(result.Failures!, f => f.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MaxTokensNotBelowWindow_NamesTheKey()
    {
        var options = Valid();
        options.Conversations.DefaultContextWindow = 4096;
        options.Conversations.DefaultMaxTokens = 4096;
        var result = new GatewayOptionsValidator().Validate(null, options);
        Assert.Contains(result.Failures!, f => f.Contains("Skillgate:Conversations:DefaultMaxTokens", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new GatewayOptionsValidator().Validate(null, Valid()).Succeeded);
        Assert.Equal("skillgate.db", new GatewayOptions().Conversations.Store);
    }

    private static GatewayOptions Valid()
    {
        var options = new GatewayOptions();
        options.Upstream.BaseUrl = new Uri("http://127.0.0.1:4000");
        options.Upstream.Keys.Add("sk-test");
        return options;
    }
}
