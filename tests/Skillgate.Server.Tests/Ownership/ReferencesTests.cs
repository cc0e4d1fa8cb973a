using System.Text;
using Skillgate.Server.Ownership;

namespace Skillgate.Server.Tests.Ownership;

/// <summary>The ids a Messages body names and the container an answer names: what pins a call to a key.</summary>
public sealed class ReferencesTests
{
    [Fact]
    public void ObjectReferences_PlainBody_FindsNothing() =>
        Assert.Null(ObjectReferences.Find("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"file_id container skill_id"}]}"""u8));

    [Fact]
    public void ObjectReferences_FilesSkillsAndContainerObject_FindsEveryId()
    {
        var body = """
            {"model":"m","max_tokens":5,
             "container":{"id":"container_1","skills":[{"type":"custom","skill_id":"skill_9","version":"latest"},{"type":"anthropic","skill_id":"pdf"}]},
             "messages":[{"role":"user","content":[{"type":"document","source":{"type":"file","file_id":"file_a"}},
                                                   {"type":"image","source":{"type":"file","file_id":"file_b"}},
                                                   {"type":"text","text":"\"id\": not an id"}]}]}
            """u8;

        Assert.Equal(["container_1", "skill_9", "pdf", "file_a", "file_b"], ObjectReferences.Find(body));
    }

    [Fact]
    public void ObjectReferences_ContainerAsString_FindsIt() =>
        Assert.Equal(["container_7"], ObjectReferences.Find("""{"container":"container_7","messages":[]}"""u8));

    [Fact]
    public void ObjectReferences_NestedContainerKeyInToolInput_IsNotTheRequestsContainer() =>
        Assert.Null(ObjectReferences.Find("""{"messages":[{"role":"assistant","content":[{"type":"tool_use","input":{"container":"x"}}]}]}"""u8));

    [Fact]
    public void ContainerReferences_Message_FindsIdAndExpiry()
    {
        var json = """{"id":"msg_1","container":{"id":"container_abc","expires_at":"2026-12-08T03:00:00Z"},"content":[]}"""u8;

        Assert.True(ContainerReferences.TryFind(json, out var id, out var expires));
        Assert.Equal("container_abc", id);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 3, 0, 0, TimeSpan.Zero), expires);
    }

    [Fact]
    public void ContainerReferences_StreamRun_FindsItInMessageDelta()
    {
        var run = Encoding.UTF8.GetBytes("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"container\":{\"id\":\"container_z\",\"expires_at\":\"2026-12-08T03:00:00Z\"}}}\n\n");

        Assert.True(ContainerReferences.TryFindInEvents(run, out var id, out _));
        Assert.Equal("container_z", id);
    }

    [Fact]
    public void ContainerReferences_NoContainer_FindsNothing()
    {
        Assert.False(ContainerReferences.TryFind("""{"container":null}"""u8, out _, out _));
        Assert.False(ContainerReferences.TryFindInEvents("event: ping\ndata: {\"type\":\"ping\"}\n\n"u8, out _, out _));
    }
}
