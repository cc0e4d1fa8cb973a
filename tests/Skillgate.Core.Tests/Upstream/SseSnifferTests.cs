using System.Text;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>Pins the sniffing rules the transport and the gateway share (one implementation for both).</summary>
public sealed class SseSnifferTests
{
    private static SseEventKind Sniff(string sseEvent, ref SseSniffState state) =>
        SseSniffer.Sniff(Encoding.UTF8.GetBytes(sseEvent), ref state);

    [Theory]
    [InlineData("event: message_start\ndata: {}\n\n", nameof(SseEventKind.MessageStart))]
    [InlineData("event:message_delta\ndata: {}\n\n", nameof(SseEventKind.MessageDelta))]
    [InlineData("event:  content_block_delta  \r\ndata: {}\r\n\r\n", nameof(SseEventKind.ContentBlockDelta))]
    [InlineData("event: a_future_event\ndata: {}\n\n", nameof(SseEventKind.Other))]
    [InlineData("data: {}\n\n", nameof(SseEventKind.Other))]
    [InlineData("event: message_stop\n\n", nameof(SseEventKind.MessageStop))]
    [InlineData(": keep-alive\n\n", nameof(SseEventKind.Empty))]
    [InlineData("id: 4\n\n", nameof(SseEventKind.Empty))]
    public void Sniff_EventName_ClassifiedWithSpacesTolerated(string sseEvent, string expected)
    {
        var state = default(SseSniffState);
        Assert.Equal(expected, Sniff(sseEvent, ref state).ToString());
    }

    [Theory]
    [InlineData(nameof(SseEventKind.ContentBlockDelta), true)]
    [InlineData(nameof(SseEventKind.ContentBlockStop), true)]
    [InlineData(nameof(SseEventKind.MessageDelta), true)]
    [InlineData(nameof(SseEventKind.MessageStop), true)]
    [InlineData(nameof(SseEventKind.Other), true)]
    [InlineData(nameof(SseEventKind.MessageStart), false)]
    [InlineData(nameof(SseEventKind.ContentBlockStart), false)]
    [InlineData(nameof(SseEventKind.Ping), false)]
    [InlineData(nameof(SseEventKind.Error), false)]
    [InlineData(nameof(SseEventKind.Empty), false)]
    public void IsFirstToken_Kind_TrueOnceContentFlows(string kind, bool expected) =>
        Assert.Equal(expected, SseSniffer.IsFirstToken(Enum.Parse<SseEventKind>(kind)));

    [Fact]
    public void Sniff_DataOverSeveralLines_JoinedBeforeSniffing()
    {
        var state = default(SseSniffState);
        var kind = Sniff("event: message_delta\ndata: {\"type\":\"message_delta\",\ndata: \"usage\":{\"output_tokens\":42}}\n\n", ref state);
        Assert.Equal(SseEventKind.MessageDelta, kind);
        Assert.Equal(42, state.OutputTokens);
    }

    // message_delta usage is cumulative: a count it reports replaces message_start's, one it leaves out is kept.
    [Theory]
    [InlineData("{\"output_tokens\":15}", 25, 15, 0, 3)]
    [InlineData("{\"input_tokens\":30,\"output_tokens\":15,\"cache_creation_input_tokens\":5}", 30, 15, 5, 3)]
    public void Sniff_MessageDeltaUsage_LatestReportedCountsWin(string deltaUsage, long input, long output, long cacheCreation, long cacheRead)
    {
        var state = default(SseSniffState);
        Sniff("event: message_start\ndata: {\"message\":{\"usage\":{\"input_tokens\":25,\"output_tokens\":1,\"cache_read_input_tokens\":3}}}\n\n", ref state);
        Sniff("event: message_delta\ndata: {\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":" + deltaUsage + "}\n\n", ref state);
        Assert.Equal(new UpstreamUsage(input, output, cacheCreation, cacheRead), state.Usage);
        Assert.Equal("end_turn", state.StopReason);
    }

    [Fact]
    public void Sniff_UsageInOtherEvents_Ignored()
    {
        var state = default(SseSniffState);
        Sniff("event: content_block_start\ndata: {\"content_block\":{\"type\":\"tool_use\",\"input\":{}},\"usage\":{\"input_tokens\":999}}\n\n", ref state);
        Sniff("event: a_future_event\ndata: {\"usage\":{\"output_tokens\":999}}\n\n", ref state);
        Assert.Equal(default, state.Usage);
    }

    [Fact]
    public void UsageOf_NonStreamingAnswer_ReadsTopLevelUsageOnly()
    {
        var usage = SseSniffer.UsageOf("{\"content\":[{\"type\":\"tool_use\",\"input\":{\"usage\":{\"input_tokens\":999,\"output_tokens\":999}}}],\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":2,\"output_tokens\":4}}"u8);
        Assert.Equal(new UpstreamUsage(12, 4, 2, 0), usage);
    }

    [Fact]
    public void UsageOf_NoUsageOrNotJson_Zero()
    {
        Assert.Equal(default, SseSniffer.UsageOf("{\"type\":\"message\"}"u8));
        Assert.Equal(default, SseSniffer.UsageOf("<html>"u8));
    }
}
