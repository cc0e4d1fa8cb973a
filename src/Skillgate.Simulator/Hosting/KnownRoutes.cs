using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Skillgate.Simulator.Hosting;

/// <summary>The mapped route patterns and their methods, to answer a wrong method with 405 and <c>allow</c>.</summary>
internal sealed class KnownRoutes
{
    private readonly List<(TemplateMatcher Matcher, List<string> Methods)> _routes = [];
    private readonly Dictionary<string, int> _byPattern = new(StringComparer.Ordinal);

    public void Add(string method, string pattern)
    {
        if (!_byPattern.TryGetValue(pattern, out var index))
        {
            index = _routes.Count;
            _byPattern[pattern] = index;
            _routes.Add((new TemplateMatcher(TemplateParser.Parse(pattern), new RouteValueDictionary()), []));
        }

        _routes[index].Methods.Add(method);
    }

    /// <summary>The methods of the route matching <paramref name="path"/> (<c>"GET, DELETE"</c>), or null.</summary>
    public string? AllowedMethods(PathString path)
    {
        foreach (var (matcher, methods) in _routes)
        {
            if (matcher.TryMatch(path, new RouteValueDictionary()))
            {
                return string.Join(", ", methods);
            }
        }

        return null;
    }
}
