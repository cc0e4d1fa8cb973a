using Microsoft.Extensions.AI;
using Skillgate.AI;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.AI;

public sealed class ChatAdmissionTests
{
    [Fact]
    public void FactsFor_PerCallKeys_ReadIntoTheFacts()
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now);
        var options = new ChatOptions
        {
            AdditionalProperties = new()
            {
                [SkillgateChatOptions.Tenant] = "t1",
                [SkillgateChatOptions.Priority] = RequestPriority.Batch,
                [SkillgateChatOptions.Deadline] = now.AddSeconds(30),
                [SkillgateChatOptions.MaxQueueWait] = TimeSpan.FromSeconds(10),
            },
        };

        var facts = ChatAdmission.FactsFor(options, time);

        Assert.Equal("t1", facts.Tenant);
        Assert.Equal(RequestPriority.Batch, facts.Priority);
        Assert.Equal(now.AddSeconds(10), facts.Deadline);
        Assert.Equal(default, ChatAdmission.FactsFor(new ChatOptions(), time));
    }

    [Theory]
    [InlineData(SkillgateChatOptions.Priority, "urgent")]
    [InlineData(SkillgateChatOptions.Deadline, "tomorrow")]
    [InlineData(SkillgateChatOptions.MaxQueueWait, 5)]
    [InlineData(SkillgateChatOptions.RedactionMode, "scramble")]
    public void FactsFor_BadValue_ThrowsNamingTheKey(string key, object value)
    {
        var options = new ChatOptions { AdditionalProperties = new() { [key] = value } };

        var error = Assert.Throws<ArgumentException>(() =>
        {
            _ = ChatAdmission.FactsFor(options, TimeProvider.System);
            _ = ChatAdmission.RedactionModeFor(options);
        });

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
