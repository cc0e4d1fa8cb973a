using System.Text;
using Skillgate.Simulator.Faults;
using Skillgate.Simulator.Generation;

namespace Skillgate.Simulator.Tests.Faults;

public sealed class DirectivesTests
{
    [Theory]
    [InlineData("500", nameof(FaultKind.ApiError))]
    [InlineData("504", nameof(FaultKind.Timeout))]
    [InlineData("529", nameof(FaultKind.Overloaded))]
    [InlineData("reset", nameof(FaultKind.ResetBeforeHeaders))]
    [InlineData("stall", nameof(FaultKind.StallBeforeHeaders))]
    [InlineData("error-event", nameof(FaultKind.ErrorMidStream))]
    [InlineData("cut", nameof(FaultKind.CutMidStream))]
    [InlineData("stall-mid", nameof(FaultKind.StallMidStream))]
    [InlineData("drip", nameof(FaultKind.SlowDrip))]
    [InlineData("bogus", nameof(FaultKind.None))]
    public void Parse_Fault_Kind(string value, string expected)
    {
        var directives = Directives.Parse(Encoding.UTF8.GetBytes($"text [[sim:fault={value}]] more"));

        Assert.Equal(expected, directives.Fault.ToString());
    }

    [Fact]
    public void Parse_StatusFault_KeepsStatus()
    {
        var directives = Directives.Parse("[[sim:fault=403]]"u8);

        Assert.Equal(FaultKind.Status, directives.Fault);
        Assert.Equal(403, directives.FaultStatus);
        Assert.Equal(FaultKind.None, Directives.Parse("[[sim:fault=418]]"u8).Fault);
    }

    [Fact]
    public void Parse_CombinedAndSeparateTags_AllApplied()
    {
        var directives = Directives.Parse("a [[sim:fault=cut tokens=50,ttft=20]] b [[sim:tool=lookup]]"u8);

        Assert.Equal(FaultKind.CutMidStream, directives.Fault);
        Assert.Equal(50, directives.OutputTokens);
        Assert.Equal(20, directives.TimeToFirstTokenMs);
        Assert.True(directives.ForceTool);
        Assert.Equal("lookup", directives.ToolName);
    }

    [Theory]
    [InlineData("no directive here")]
    [InlineData("[[sim:fault=529")]
    [InlineData("[[sim:tokens=-5]]")]
    [InlineData("[[other:fault=529]]")]
    public void Parse_NothingValid_Empty(string text)
    {
        Assert.False(Directives.Parse(Encoding.UTF8.GetBytes(text)).HasAny);
    }

    [Theory]
    [InlineData("[[sim:echo]]", nameof(EchoMode.LastUserMessage))]
    [InlineData("x [[sim:tokens=5 echo]]", nameof(EchoMode.LastUserMessage))]
    [InlineData("[[sim:echo=request]]", nameof(EchoMode.Request))]
    [InlineData("[[sim:echo=bogus]]", nameof(EchoMode.None))]
    public void Parse_Echo_Mode(string text, string expected)
    {
        var directives = Directives.Parse(Encoding.UTF8.GetBytes(text));

        Assert.Equal(expected, directives.Echo.ToString());
        Assert.Equal(expected != nameof(EchoMode.None), directives.HasAny);
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a [[sim:echo]] b", "a  b")]
    [InlineData("[[sim:echo]][[sim:tool=x]]end", "end")]
    [InlineData("open [[sim:echo", "open [[sim:echo")]
    [InlineData("[[sim:a]] mid [[sim:b]]", " mid ")]
    public void Strip_RemovesEveryTag(string text, string expected)
    {
        var input = Encoding.UTF8.GetBytes(text);
        var output = new byte[input.Length];

        var written = Directives.Strip(input, output);

        Assert.Equal(expected, Encoding.UTF8.GetString(output, 0, written));
    }
}
