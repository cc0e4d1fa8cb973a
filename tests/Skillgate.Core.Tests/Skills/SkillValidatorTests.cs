using Skillgate.Skills;

namespace Skillgate.Core.Tests.Skills;

public sealed class SkillValidatorTests : IDisposable
{
    private readonly TempSkill _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Validate_ValidSkill_NoProblemsAndDefinition()
    {
        var dir = _temp.Valid();

        var result = SkillValidator.Validate(dir);

        Assert.True(result.IsValid);
        Assert.Empty(result.Problems);
        Assert.Equal("pdf-tools", result.Definition!.Name);
        Assert.StartsWith("Extracts text", result.Definition.Description, StringComparison.Ordinal);
        Assert.Equal(5, result.Definition.BodyLine);
        Assert.Equal(["SKILL.md", "references/REFERENCE.md"], result.Folder!.Files.Select(f => f.RelativePath));
    }

    [Fact]
    public void Validate_AllOptionalFields_ParsedIntoDefinition()
    {
        var dir = _temp.Skill("full", TempSkill.Markdown("""
            name: full
            description: >
              Folded description
              over two lines.
            license: Apache-2.0
            compatibility: Requires Python 3.12 and network access
            allowed-tools: Bash(git:*) Read
            metadata:
              author: example-org
              version: "1.0"
            """));

        var result = SkillValidator.Validate(dir);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var definition = result.Definition!;
        Assert.Equal("Folded description over two lines.", definition.Description);
        Assert.Equal("Apache-2.0", definition.License);
        Assert.Equal("Requires Python 3.12 and network access", definition.Compatibility);
        Assert.Equal(["Bash(git:*)", "Read"], definition.AllowedTools);
        Assert.Equal("example-org", definition.Metadata["author"]);
        Assert.Equal("1.0", definition.Metadata["version"]);
    }

    [Fact]
    public void Validate_AllowedToolsAsList_Accepted()
    {
        var dir = _temp.Skill("tools", TempSkill.Markdown("name: tools\ndescription: d\nallowed-tools:\n  - Read\n  - Write"));

        var result = SkillValidator.Validate(dir);

        Assert.True(result.IsValid);
        Assert.Equal(["Read", "Write"], result.Definition!.AllowedTools);
    }

    [Fact]
    public void Validate_AllowedToolsAsMapping_ErrorAtItsLine()
    {
        var dir = _temp.Skill("tools", TempSkill.Markdown("name: tools\ndescription: d\nallowed-tools:\n  read: yes"));

        var problem = Assert.Single(SkillValidator.Validate(dir).Errors);

        Assert.Equal((SkillProblemCodes.FieldType, 5), (problem.Code, problem.Line));
    }

    [Fact]
    public void Validate_MissingFolder_FolderError()
    {
        var result = SkillValidator.Validate(Path.Combine(_temp.Root, "nope"));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(SkillProblemCodes.Folder, problem.Code);
        Assert.Contains("does not exist", problem.Message, StringComparison.Ordinal);
        Assert.Null(result.Folder);
    }

    [Fact]
    public void Validate_MissingSkillFile_NamesTheFile()
    {
        var dir = Path.Combine(_temp.Root, "empty-skill");
        TempSkill.Write(dir, "references/a.md", "x");

        var problem = Assert.Single(SkillValidator.Validate(dir).Problems);

        Assert.Equal(("SKILL.md", SkillProblemCodes.MissingSkillFile, true), (problem.File, problem.Code, problem.IsError));
    }

    [Fact]
    public void Validate_LowercaseSkillFile_WarningForSpecErrorForUpload()
    {
        var dir = Path.Combine(_temp.Root, "lower");
        TempSkill.Write(dir, "skill.md", TempSkill.Markdown("name: lower\ndescription: d"));

        var spec = SkillValidator.Validate(dir);
        var upload = SkillValidator.Validate(dir, new SkillValidationOptions { ForUpload = true });

        Assert.True(spec.IsValid);
        Assert.Equal(SkillProblemCodes.SkillFileName, Assert.Single(spec.Problems).Code);
        Assert.False(upload.IsValid);
    }

    [Theory]
    [InlineData("# No frontmatter\n", 1)]
    [InlineData("---\nname: a\ndescription: b\n", 1)]
    public void Validate_NoOrUnclosedFrontmatter_ErrorOnLine1(string content, int line)
    {
        var dir = _temp.Skill("a", content);

        var problem = Assert.Single(SkillValidator.Validate(dir).Problems);

        Assert.Equal((SkillProblemCodes.Frontmatter, line), (problem.Code, problem.Line));
    }

    [Theory]
    // The line is where YamlDotNet detects the error: the end of an unclosed flow sequence, the start of the plain
    // scalar a tab continues.
    [InlineData("name: a\ndescription: [unclosed\n", 4)]
    [InlineData("name: a\ndescription: b\n  bad: indent\n", 4)]
    [InlineData("name: a\n\tdescription: tab\n", 2)]
    public void Validate_MalformedYaml_ErrorWithTheFileLine(string frontmatter, int line)
    {
        var dir = _temp.Skill("a", TempSkill.Markdown(frontmatter));

        var problem = Assert.Single(SkillValidator.Validate(dir).Problems);

        Assert.Equal(SkillProblemCodes.Yaml, problem.Code);
        Assert.True(line == problem.Line, problem.ToString());
        Assert.StartsWith("invalid YAML", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateKey_YamlErrorWithLine()
    {
        var dir = _temp.Skill("a", TempSkill.Markdown("name: a\ndescription: one\ndescription: two"));

        var problem = Assert.Single(SkillValidator.Validate(dir).Problems);

        Assert.Equal((SkillProblemCodes.Yaml, 4), (problem.Code, problem.Line));
    }

    [Theory]
    [InlineData("just a string")]
    [InlineData("- a\n- b")]
    [InlineData("")]
    public void Validate_FrontmatterNotAMapping_YamlError(string frontmatter)
    {
        var dir = _temp.Skill("a", $"---\n{frontmatter}\n---\nbody\n");

        var problem = Assert.Single(SkillValidator.Validate(dir).Problems);

        Assert.Equal(SkillProblemCodes.Yaml, problem.Code);
    }

    [Fact]
    public void Validate_UnknownFields_EachAnErrorAtItsLine()
    {
        var dir = _temp.Skill("a", TempSkill.Markdown("name: a\nversion: 1\ndescription: d\ntags: [x]"));

        var problems = SkillValidator.Validate(dir).Problems;

        Assert.Equal([(3, "version"), (5, "tags")], problems.Select(p => (p.Line ?? 0, p.Message.Split('\'')[1])));
        Assert.All(problems, p => Assert.Equal(SkillProblemCodes.UnknownField, p.Code));
    }

    [Theory]
    [InlineData("description: d", "name")]
    [InlineData("name: a", "description")]
    public void Validate_MissingRequiredField_Error(string frontmatter, string field)
    {
        var dir = _temp.Skill("a", TempSkill.Markdown(frontmatter));

        var problem = Assert.Single(SkillValidator.Validate(dir).Problems);

        Assert.Equal((SkillProblemCodes.MissingField, 1), (problem.Code, problem.Line));
        Assert.Contains(field, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PDF-Tools", "lowercase")]
    [InlineData("-pdf", "start or end")]
    [InlineData("pdf-", "start or end")]
    [InlineData("pdf--tools", "two hyphens")]
    [InlineData("pdf_tools", "only letters, digits and hyphens")]
    [InlineData("pdf.tools", "only letters, digits and hyphens")]
    public void Validate_BadName_NameFormatErrorAtNameLine(string name, string expected)
    {
        var dir = _temp.Skill(name, TempSkill.Markdown($"description: d\nname: \"{name}\""));

        var problem = Assert.Single(SkillValidator.Validate(dir).Errors);

        Assert.Equal((SkillProblemCodes.NameFormat, 3), (problem.Code, problem.Line));
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NameOf64And65Characters_OnlyTheLongerFails()
    {
        var ok = new string('a', 64);
        var tooLong = new string('b', 65);

        Assert.True(SkillValidator.Validate(_temp.Skill(ok, TempSkill.Markdown($"name: {ok}\ndescription: d"))).IsValid);
        var problem = Assert.Single(SkillValidator.Validate(_temp.Skill(tooLong, TempSkill.Markdown($"name: {tooLong}\ndescription: d"))).Problems);
        Assert.Contains("65 characters", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NameDiffersFromFolder_MismatchError()
    {
        var dir = _temp.Skill("folder-name", TempSkill.Markdown("name: other-name\ndescription: d"));

        var problem = Assert.Single(SkillValidator.Validate(dir).Problems);

        Assert.Equal((SkillProblemCodes.NameMismatch, 2), (problem.Code, problem.Line));
        Assert.Contains("folder-name", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("技能")]
    [InlineData("навык-pdf")]
    [InlineData("café")]
    public void Validate_UnicodeLowercaseName_ValidForSpecButNotForUpload(string name)
    {
        var dir = _temp.Skill(name, TempSkill.Markdown($"name: {name}\ndescription: d"));

        var spec = SkillValidator.Validate(dir);
        var upload = SkillValidator.Validate(dir, new SkillValidationOptions { ForUpload = true });

        Assert.True(spec.IsValid);
        Assert.Equal(SkillProblemCodes.NameAscii, Assert.Single(spec.Problems).Code);
        Assert.Equal(SkillProblemCodes.NameAscii, Assert.Single(upload.Errors).Code);
    }

    [Theory]
    [InlineData("claude-helper", "claude")]
    [InlineData("my-anthropic-tool", "anthropic")]
    public void Validate_ReservedWordInName_UploadError(string name, string word)
    {
        var dir = _temp.Skill(name, TempSkill.Markdown($"name: {name}\ndescription: d"));

        var problem = Assert.Single(SkillValidator.Validate(dir, new SkillValidationOptions { ForUpload = true }).Errors);

        Assert.Equal(SkillProblemCodes.NameReserved, problem.Code);
        Assert.Contains(word, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: 2024\ndescription: d", "2024")]
    [InlineData("name: null\ndescription: yes", "null")]
    [InlineData("name: \"  padded  \"\ndescription: d", "padded")]
    public void Validate_ScalarsReadAsStrings_AsTheReferenceValidatorDoes(string frontmatter, string folder)
    {
        var dir = _temp.Skill(folder, TempSkill.Markdown(frontmatter));

        var result = SkillValidator.Validate(dir);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(folder, result.Definition!.Name);
    }

    [Theory]
    [InlineData("name:\n  - a\ndescription: d", SkillProblemCodes.FieldType)]
    [InlineData("name: \"\"\ndescription: d", SkillProblemCodes.NameFormat)]
    [InlineData("name: a\ndescription: \"   \"", SkillProblemCodes.Description)]
    [InlineData("name: a\ndescription:\n  x: y", SkillProblemCodes.FieldType)]
    [InlineData("name: a\ndescription: d\ncompatibility: [a]", SkillProblemCodes.FieldType)]
    public void Validate_EmptyOrWrongTypeFields_Error(string frontmatter, string code)
    {
        var dir = _temp.Skill("a", TempSkill.Markdown(frontmatter));

        Assert.Equal(code, Assert.Single(SkillValidator.Validate(dir).Errors).Code);
    }

    [Fact]
    public void Validate_DescriptionLength_1024AcceptedAnd1025Refused_CountingCharactersNotUtf16Units()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 1024));
        var tooLong = new string('d', 1025);

        Assert.True(SkillValidator.Validate(_temp.Skill("a", TempSkill.Markdown($"name: a\ndescription: {emoji}"))).IsValid);
        var problem = Assert.Single(SkillValidator.Validate(_temp.Skill("b", TempSkill.Markdown($"name: b\ndescription: {tooLong}"))).Problems);
        Assert.Equal((SkillProblemCodes.Description, 3), (problem.Code, problem.Line));
    }

    [Fact]
    public void Validate_AngleBracketsInDescription_WarningForSpecErrorForUpload()
    {
        var dir = _temp.Skill("a", TempSkill.Markdown("name: a\ndescription: Use <b>bold</b> output"));

        var spec = SkillValidator.Validate(dir);
        var upload = SkillValidator.Validate(dir, new SkillValidationOptions { ForUpload = true });

        Assert.True(spec.IsValid);
        Assert.Equal((SkillProblemCodes.DescriptionMarkup, SkillProblemSeverity.Warning), (Assert.Single(spec.Problems).Code, spec.Problems[0].Severity));
        Assert.Equal((SkillProblemCodes.DescriptionMarkup, 3), (Assert.Single(upload.Errors).Code, upload.Problems[0].Line));
    }

    [Fact]
    public void Validate_Compatibility_500AcceptedAnd501Refused()
    {
        Assert.True(SkillValidator.Validate(_temp.Skill("a", TempSkill.Markdown($"name: a\ndescription: d\ncompatibility: {new string('c', 500)}"))).IsValid);
        var problem = Assert.Single(SkillValidator.Validate(_temp.Skill("b", TempSkill.Markdown($"name: b\ndescription: d\ncompatibility: {new string('c', 501)}"))).Problems);
        Assert.Equal((SkillProblemCodes.Compatibility, 4), (problem.Code, problem.Line));
    }

    [Fact]
    public void Validate_MetadataNotAStringMap_WarningOnly()
    {
        var dir = _temp.Skill("a", TempSkill.Markdown("name: a\ndescription: d\nmetadata: just-text"));

        var result = SkillValidator.Validate(dir);

        Assert.True(result.IsValid);
        Assert.Equal((SkillProblemCodes.Metadata, 4), (Assert.Single(result.Problems).Code, result.Problems[0].Line));
    }

    [Fact]
    public void Validate_ManyProblems_EveryOneReportedInLineOrder()
    {
        var dir = _temp.Skill("many", TempSkill.Markdown($"name: Many_Problems\nextra: 1\ndescription: \"\"\ncompatibility: {new string('c', 501)}", "See [x](../outside.md).\n"));

        var problems = SkillValidator.Validate(dir).Errors.ToList();

        Assert.Equal(
            [(2, SkillProblemCodes.NameFormat), (2, SkillProblemCodes.NameFormat), (2, SkillProblemCodes.NameMismatch), (3, SkillProblemCodes.UnknownField),
             (4, SkillProblemCodes.Description), (5, SkillProblemCodes.Compatibility), (7, SkillProblemCodes.PathEscape)],
            problems.Select(p => (p.Line ?? 0, p.Code)));
    }

    [Fact]
    public void Validate_LinksInBody_EscapingIsErrorMissingIsWarningOthersIgnored()
    {
        var body = """
            # Links

            [ok](references/REFERENCE.md) and [anchor](#links) and [web](https://example.com/x.md)
            [up](../secret.md)
            [abs](/etc/passwd)
            [missing](references/nope.md)
            ```
            [in code](../ignored.md)
            ```
            """;
        var dir = _temp.Skill("links", TempSkill.Markdown("name: links\ndescription: d", body));
        TempSkill.Write(dir, "references/REFERENCE.md", "r");

        var problems = SkillValidator.Validate(dir).Problems;

        Assert.Equal(
            [(8, SkillProblemCodes.PathEscape, true), (9, SkillProblemCodes.PathEscape, true), (10, SkillProblemCodes.MissingReference, false)],
            problems.Select(p => (p.Line ?? 0, p.Code, p.IsError)));
    }

    [Fact]
    public void Validate_SymlinkOutOfTheFolder_ErrorNamingTheLink()
    {
        var dir = _temp.Valid();
        var outside = TempSkill.Write(_temp.Root, "secret.txt", "secret");
        File.CreateSymbolicLink(Path.Combine(dir, "references", "leak.txt"), outside);
        Directory.CreateSymbolicLink(Path.Combine(dir, "assets"), _temp.Root);

        var result = SkillValidator.Validate(dir);

        Assert.Equal(
            [("assets", SkillProblemCodes.PathEscape), ("references/leak.txt", SkillProblemCodes.PathEscape)],
            result.Errors.Select(p => (p.File, p.Code)));
        Assert.DoesNotContain(result.Folder!.Files, f => f.RelativePath.Contains("leak", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SymlinkInsideTheFolder_FileIncludedBrokenLinkError()
    {
        var dir = _temp.Valid();
        File.CreateSymbolicLink(Path.Combine(dir, "references", "alias.md"), Path.Combine(dir, "references", "REFERENCE.md"));
        File.CreateSymbolicLink(Path.Combine(dir, "broken.md"), Path.Combine(dir, "gone.md"));

        var result = SkillValidator.Validate(dir);

        Assert.Contains(result.Folder!.Files, f => f.RelativePath == "references/alias.md");
        var problem = Assert.Single(result.Problems);
        Assert.Equal(("broken.md", SkillProblemCodes.PathEscape), (problem.File, problem.Code));
    }

    [Fact]
    public void Validate_NineMegabyteFolder_WarningForSpecErrorForUpload()
    {
        var dir = _temp.Valid();
        File.WriteAllBytes(Path.Combine(dir, "assets.bin"), new byte[9 * 1024 * 1024]);

        var spec = SkillValidator.Validate(dir);
        var upload = SkillValidator.Validate(dir, new SkillValidationOptions { ForUpload = true });

        Assert.True(spec.IsValid);
        var problem = Assert.Single(upload.Errors);
        Assert.Equal((".", SkillProblemCodes.UploadSize), (problem.File, problem.Code));
        Assert.Contains("9.0 MiB", problem.Message, StringComparison.Ordinal);
        Assert.Contains("assets.bin", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LongBody_Warning()
    {
        var dir = _temp.Skill("a", TempSkill.Markdown("name: a\ndescription: d", string.Concat(Enumerable.Repeat("line\n", 501))));

        var result = SkillValidator.Validate(dir);

        Assert.True(result.IsValid);
        Assert.Equal((SkillProblemCodes.BodyLength, 5), (Assert.Single(result.Problems).Code, result.Problems[0].Line));
    }

    [Fact]
    public void Validate_CrlfAndByteOrderMark_Valid()
    {
        var dir = _temp.Skill("a", "\uFEFF---\r\nname: a\r\ndescription: d\r\n---\r\n# Body\r\n");

        var result = SkillValidator.Validate(dir);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal("d", result.Definition!.Description);
    }

    [Fact]
    public void Validate_GitFolderAndDsStore_NotPartOfTheSkill()
    {
        var dir = _temp.Valid();
        TempSkill.Write(dir, ".git/config", "x");
        TempSkill.Write(dir, ".DS_Store", "x");

        Assert.Equal(["SKILL.md", "references/REFERENCE.md"], SkillValidator.Validate(dir).Folder!.Files.Select(f => f.RelativePath));
    }

    [Fact]
    public void ValidateSkillFile_ContentAlone_ChecksFieldsAndFolderName()
    {
        var ok = SkillValidator.ValidateSkillFile(TempSkill.Markdown("name: a\ndescription: d"), "a");
        var bad = SkillValidator.ValidateSkillFile(TempSkill.Markdown("name: a\ndescription: d"), "b");

        Assert.True(ok.IsValid);
        Assert.Equal("a", ok.Definition!.Name);
        Assert.Equal(SkillProblemCodes.NameMismatch, Assert.Single(bad.Problems).Code);
    }

    [Fact]
    public void Problem_ToString_FileLineSeverityCodeMessage()
    {
        var problem = new SkillProblem("SKILL.md", 3, SkillProblemSeverity.Error, SkillProblemCodes.NameFormat, "bad");

        Assert.Equal("SKILL.md:3: error name-format: bad", problem.ToString());
        Assert.Equal(".: warning upload-size: big", new SkillProblem(".", null, SkillProblemSeverity.Warning, SkillProblemCodes.UploadSize, "big").ToString());
    }

    [Fact]
    public async Task ComputeContentHash_SameContentSameHash_AnyChangeDiffers()
    {
        var a = SkillValidator.Validate(_temp.Valid("one")).Folder!;
        var again = await SkillValidator.Validate(a.DirectoryPath).Folder!.ComputeContentHashAsync();
        var hash = await a.ComputeContentHashAsync();
        TempSkill.Write(a.DirectoryPath, "references/REFERENCE.md", "# Reference!\n");
        var changed = await SkillValidator.Validate(a.DirectoryPath).Folder!.ComputeContentHashAsync();
        File.Move(Path.Combine(a.DirectoryPath, "references/REFERENCE.md"), Path.Combine(a.DirectoryPath, "references/OTHER.md"));
        var renamed = await SkillValidator.Validate(a.DirectoryPath).Folder!.ComputeContentHashAsync();

        Assert.Matches("^sha256:[0-9a-f]{64}$", hash);
        Assert.Equal(hash, again);
        Assert.NotEqual(hash, changed);
        Assert.NotEqual(changed, renamed);
    }
}
