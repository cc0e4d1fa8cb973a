using System.Text;
using CsCheck;
using Skillgate.Server.Forwarding;

namespace Skillgate.Server.Tests.Forwarding;

public sealed class SseParserTests
{
    private const string Stream = "event: a\ndata: {\"x\":1}\n\n: comment\nevent: b\r\ndata: line1\r\ndata: line2\r\n\r\ndata: plain\r\r";

    private static List<string> Parse(IEnumerable<byte[]> chunks)
    {
        var parser = new SseParser();
        var events = new List<string>();
        foreach (var chunk in chunks)
        {
            parser.Feed(chunk, (name, data) => events.Add(Encoding.UTF8.GetString(name) + "=" + Encoding.UTF8.GetString(data)));
        }

        return events;
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
        Gen.Int[1, bytes.Length].Array[1, 8].Sample(cuts =>
        {
            var points = cuts.Append(0).Append(bytes.Length).Distinct().Order().ToArray();
            var chunks = points.Zip(points.Skip(1), (a, b) => bytes[a..b]);
            Assert.Equal(expected, Parse(chunks));
        });
    }

    [Fact]
    public void Feed_EventOverLimit_Throws()
    {
        var parser = new SseParser(maxEventBytes: 64);

        Assert.Throws<InvalidDataException>(() => parser.Feed(Encoding.UTF8.GetBytes("data: " + new string('x', 100) + "\n"), (_, _) => { }));
    }
}
