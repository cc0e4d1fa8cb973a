using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Skillgate.Core.Tests.Hosting;

/// <summary>Fans out <c>calls</c> chat calls at once with <c>Task.WhenAll</c>, as users do.</summary>
internal static class ChatFanOut
{
    /// <summary>Returns each failed call's error (an empty answer counts as one) and the time the whole fan-out took.</summary>
    public static async Task<(List<string> Failures, TimeSpan Elapsed)> RunAsync(IChatClient chat, int calls)
    {
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, calls).Select(async i =>
        {
            try
            {
                var response = await chat.GetResponseAsync($"Question {i}: name a colour.");
                return response.Text.Length > 0 ? null : "empty answer";
            }
            catch (Exception ex)
            {
                return ex.GetType().Name + ": " + ex.Message;
            }
        }));
        clock.Stop();
        return (results.OfType<string>().ToList(), clock.Elapsed);
    }
}
