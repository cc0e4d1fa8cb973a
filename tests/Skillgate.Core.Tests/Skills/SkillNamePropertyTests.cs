using System.Text.RegularExpressions;
using CsCheck;
using Skillgate.Skills;

namespace Skillgate.Core.Tests.Skills;

public sealed partial class SkillNamePropertyTests
{
    // Dense in the characters the rule is about: hyphens, digits, a few letters, and the usual mistakes.
    private static readonly Gen<string> AsciiNames = Gen.Char["abcz09-_A. "].Array[0, 70].Select(chars => new string(chars));

    private static readonly Gen<string> KebabNames = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 10]
        .Select(chars => new string(chars)).Array[1, 6]
        .Select(parts => string.Join('-', parts))
        .Where(name => name.Length <= 64);

    [Fact]
    public void CheckName_AsciiStrings_ValidExactlyWhenKebabCaseOfAtMost64()
    {
        AsciiNames.Sample(name =>
        {
            var expected = Kebab().IsMatch(name.Trim()) && name.Trim().Length <= 64;
            return SkillValidator.CheckName(name).Count == 0 == expected;
        }, iter: 20_000);
    }

    [Fact]
    public void CheckName_KebabCaseNames_ValidForSpecAndUpload()
    {
        KebabNames.Where(n => !n.Contains("claude", StringComparison.Ordinal) && !n.Contains("anthropic", StringComparison.Ordinal))
            .Sample(name => SkillValidator.CheckName(name, forUpload: true).Count == 0, iter: 5_000);
    }

    [Fact]
    public void Validate_KebabNameInItsOwnFolder_Valid()
    {
        using var temp = new TempSkill();
        KebabNames.Sample(name =>
        {
            var dir = Path.Combine(temp.Root, name);
            if (!Directory.Exists(dir))
            {
                temp.Skill(name, TempSkill.Markdown($"name: {name}\ndescription: d"));
            }

            return SkillValidator.Validate(dir).IsValid;
        }, iter: 200);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Kebab();
}
