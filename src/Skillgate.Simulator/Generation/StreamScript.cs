using Skillgate.Protocol;

namespace Skillgate.Simulator.Generation;

/// <summary>The event sequence of a streamed reply, cut into delta steps so latency and mid-stream
/// faults can be applied between them.</summary>
internal sealed class StreamScript
{
    private readonly ReplyPlan _plan;
    private readonly List<Chunk> _chunks = [];
    private readonly int _toolIndex;

    public StreamScript(ReplyPlan plan, ulong seed)
    {
        _plan = plan;
        var random = new SimRandom(seed);
        var ends = plan.WordEnds;
        var start = 0;
        for (var i = 0; i < ends.Count;)
        {
            var take = Math.Min(random.Next(1, 4), ends.Count - i);
            i += take;
            _chunks.Add(new Chunk(0, start, ends[i - 1], take));
            start = ends[i - 1];
        }

        _toolIndex = ends.Count > 0 ? 1 : 0;
        if (plan.ToolInputJson is { } json)
        {
            _chunks.Add(new Chunk(_toolIndex, 0, 0, 1));
            var remainingTokens = Math.Max(1, plan.ToolTokens - 1);
            for (var at = 0; at < json.Length;)
            {
                var length = Math.Min(random.Next(4, 14), json.Length - at);
                var tokens = Math.Max(1, remainingTokens * length / json.Length);
                _chunks.Add(new Chunk(_toolIndex, at, at + length, tokens));
                at += length;
            }
        }
    }

    public int DeltaCount => _chunks.Count;

    public int TokensOf(int delta) => _chunks[delta].Tokens;

    public void WriteOpening(SseWriter sse)
    {
        ReplyJson.WriteMessageStart(sse, _plan);
        if (_chunks.Count > 0)
        {
            WriteBlockStart(sse, _chunks[0].Block);
        }

        ReplyJson.WritePing(sse);
    }

    public void WriteDelta(SseWriter sse, int delta)
    {
        var chunk = _chunks[delta];
        if (delta > 0 && _chunks[delta - 1].Block != chunk.Block)
        {
            ReplyJson.WriteBlockStop(sse, _chunks[delta - 1].Block);
            WriteBlockStart(sse, chunk.Block);
        }

        if (IsTool(chunk.Block))
        {
            ReplyJson.WriteJsonDelta(sse, chunk.Block, _plan.ToolInputJson.AsSpan(chunk.Start, chunk.End - chunk.Start));
        }
        else
        {
            ReplyJson.WriteTextDelta(sse, chunk.Block, _plan.Text.WrittenSpan[chunk.Start..chunk.End]);
        }
    }

    public void WriteClosing(SseWriter sse)
    {
        if (_chunks.Count > 0)
        {
            ReplyJson.WriteBlockStop(sse, _chunks[^1].Block);
        }

        ReplyJson.WriteMessageDelta(sse, _plan);
        ReplyJson.WriteMessageStop(sse);
    }

    private bool IsTool(int block) => _plan.ToolInputJson is not null && block == _toolIndex;

    private void WriteBlockStart(SseWriter sse, int block)
    {
        if (IsTool(block))
        {
            ReplyJson.WriteToolBlockStart(sse, block, _plan);
        }
        else
        {
            ReplyJson.WriteTextBlockStart(sse, block);
        }
    }

    private readonly record struct Chunk(int Block, int Start, int End, int Tokens);
}
