using Microsoft.Extensions.AI;
using Skillgate.AI;
using Skillgate.Scheduling;

namespace Skillgate.Core.Tests.AI;

public sealed class ChatAdmissionTests
{
    [Fact]
    public void ContextFor_PerCallKeys_ReadIntoAdmissionContext()
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

        var context = ChatAdmission.ContextFor(options, time);

        Assert.NotNull(context);
        Assert.Equal("t1", context.Tenant);
        Assert.Equal(RequestPriority.Batch, context.Priority);
        Assert.Equal(now.AddSeconds(10), context.Deadline);
        Assert.Null(ChatAdmission.ContextFor(new ChatOptions(), time));
    }

    [Theory]
    [InlineData(SkillgateChatOptions.Priority, "urgent")]
    [InlineData(SkillgateChatOptions.Deadline, "tomorrow")]
    [InlineData(SkillgateChatOptions.MaxQueueWait, 5)]
    [InlineData(SkillgateChatOptions.RedactionMode, "scramble")]
    public void ContextFor_BadValue_ThrowsNamingTheKey(string key, object value)
    {
        var options = new ChatOptions { AdditionalProperties = new() { [key] = value } };

        var error = Assert.Throws<ArgumentException>(() =>
        {
            _ = ChatAdmission.ContextFor(options, TimeProvider.System);
            _ = ChatAdmission.RedactionModeFor(options);
        });

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
