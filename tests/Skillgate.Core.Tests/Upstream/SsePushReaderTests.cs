using System.Text;
using CsCheck;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class SsePushReaderTests
{
    private const string Stream = "event: a\ndata: {\"x\":1}\n\n: comment\nevent: b\r\ndata: line1\r\ndata: line2\r\n\r\ndata: plain\r\r";

    private const string Messages =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1,\"cache_creation_input_tokens\":7,\"cache_read_input_tokens\":3}}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"n\",\"input\":{}}}\n\n" +
        "event: ping\ndata: {\"type\": \"ping\"}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"usage\\\": {\\\"input_tokens\\\": 999}}\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private static List<string> Parse(IEnumerable<byte[]> chunks)
    {
        var reader = new SsePushReader();
        var events = new List<string>();
        foreach (var chunk in chunks)
        {
            reader.Feed(chunk, (name, data) => events.Add(Encoding.UTF8.GetString(name) + "=" + Encoding.UTF8.GetString(data)));
        }

        return events;
    }

    private static IEnumerable<byte[]> Split(byte[] bytes, int[] cuts)
    {
        var points = cuts.Append(0).Append(bytes.Length).Distinct().Order().ToArray();
        return points.Zip(points.Skip(1), (a, b) => bytes[a..b]);
    }

    [Fact]
    public void Feed_WholeStream_ParsesEventsAndLineEnds()
    {
        var events = Parse([Encoding.UTF8.GetBytes(Stream)]);

        Assert.Equal(["a={\"x\":1}", "b=line1\nline2", "message=plain"], events);
    }

    [Fact]
    public void Feed_AnySplit_GivesTheSameEvents()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        var expected = Parse([bytes]);
        Gen.Int[1, bytes.Length].Array[1, 8].Sample(cuts => Assert.Equal(expected, Parse(Split(bytes, cuts))));
    }

    [Fact]
    public void Feed_EventOverLimit_Throws()
    {
        var reader = new SsePushReader(maxEventBytes: 64);

        Assert.Throws<InvalidDataException>(() => reader.Feed(Encoding.UTF8.GetBytes("data: " + new string('x', 100) + "\n")));
    }

    [Fact]
    public void Feed_AnySplitAndLineEnd_SniffsWhatTheStreamReaderSniffs()
    {
        var bytes = Encoding.UTF8.GetBytes(Messages.Replace("\n", "\r\n", StringComparison.Ordinal));
        var whole = default(SseSniffState);
        SniffEvents(Encoding.UTF8.GetBytes(Messages), ref whole);
        Gen.Int[1, bytes.Length].Array[1, 12].Sample(cuts =>
        {
            var reader = new SsePushReader();
            foreach (var chunk in Split(bytes, cuts))
            {
                reader.Feed(chunk);
            }

            Assert.Equal(whole.Usage, reader.State.Usage);
            Assert.Equal(whole.StopReason, reader.State.StopReason);
            Assert.True(reader.HasFirstToken);
        });
        Assert.Equal(new UpstreamUsage(25, 15, 7, 3), whole.Usage);
        Assert.Equal("tool_use", whole.StopReason);
    }

    [Fact]
    public void Feed_PreludeOnly_NoFirstTokenUntilContentFlows()
    {
        var reader = new SsePushReader();
        var prelude = Messages[..Messages.IndexOf("event: content_block_delta", StringComparison.Ordinal)];
        reader.Feed(Encoding.UTF8.GetBytes(": keep-alive\n\n" + prelude + ": keep-alive\n\n"));
        Assert.False(reader.HasFirstToken);
        Assert.Equal(25, reader.State.InputTokens);

        reader.Feed("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"u8);
        Assert.True(reader.HasFirstToken);
    }

    [Fact]
    public void Feed_EventWithoutData_SniffedButNotDispatched()
    {
        var reader = new SsePushReader();
        var dispatched = 0;
        reader.Feed("event: message_stop\n\n"u8, (_, _) => dispatched++);
        Assert.Equal(0, dispatched);
        Assert.True(reader.HasFirstToken);
    }

    private static void SniffEvents(byte[] stream, ref SseSniffState state)
    {
        foreach (var sseEvent in Encoding.UTF8.GetString(stream).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            SseSniffer.Sniff(Encoding.UTF8.GetBytes(sseEvent + "\n\n"), ref state);
        }
    }
}
