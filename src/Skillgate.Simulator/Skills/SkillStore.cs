namespace Skillgate.Simulator.Skills;

/// <summary>In-memory Skills API storage: custom skills per workspace (another workspace's id is not found) and
/// Anthropic's built-in skills, visible to all.</summary>
internal sealed class SkillStore(TimeProvider time)
{
    public const string Latest = "latest";

    private readonly Lock _lock = new();
    private readonly List<StoredSkill> _custom = [];
    private readonly Dictionary<string, StoredSkill> _byId = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<StoredSkill> _builtIn = BuiltInSkills.Create();
    private long _lastMicros;

    public StoredSkill Create(string id, string versionId, string workspace, SkillUpload upload)
    {
        var now = time.GetUtcNow();
        var skill = new StoredSkill
        {
            Id = id,
            Workspace = workspace,
            Source = StoredSkill.Custom,
            Name = upload.Frontmatter.Name,
            DisplayTitle = upload.DisplayTitle ?? upload.Frontmatter.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        lock (_lock)
        {
            skill.Versions.Add(NewVersion(skill, versionId, upload, now));
            _custom.Add(skill);
            _byId.Add(id, skill);
        }

        return skill;
    }

    /// <summary>Adds a version; null and the message of a 400 when its <c>name</c> differs from the skill's.</summary>
    public (StoredSkillVersion? Version, string? Error) AddVersion(StoredSkill skill, string versionId, SkillUpload upload)
    {
        if (upload.Frontmatter.Name != skill.Name)
        {
            return (null, $"SKILL.md frontmatter 'name' ({upload.Frontmatter.Name}) must match the skill's name ({skill.Name}).");
        }

        var now = time.GetUtcNow();
        lock (_lock)
        {
            var version = NewVersion(skill, versionId, upload, now);
            skill.Versions.Add(version);
            skill.UpdatedAt = now;
            return (version, null);
        }
    }

    /// <summary>A custom skill of <paramref name="workspace"/> or a built-in one; null otherwise.</summary>
    public StoredSkill? Find(string workspace, string id)
    {
        lock (_lock)
        {
            if (_byId.TryGetValue(id, out var skill))
            {
                return skill.Workspace == workspace ? skill : null;
            }
        }

        return _builtIn.FirstOrDefault(s => s.Id == id);
    }

    /// <summary>The version named by <paramref name="reference"/> (an id, a version string, or <c>latest</c>).</summary>
    public StoredSkillVersion? FindVersion(StoredSkill skill, string? reference)
    {
        lock (_lock)
        {
            return reference is null or Latest ? skill.Latest : skill.Versions.FirstOrDefault(v => v.Matches(reference));
        }
    }

    /// <summary>Custom skills newest first, then Anthropic's; <paramref name="source"/> keeps one of the two.</summary>
    public List<StoredSkill> List(string workspace, string? source)
    {
        var list = new List<StoredSkill>();
        if (source is null or StoredSkill.Custom)
        {
            lock (_lock)
            {
                list.AddRange(Enumerable.Reverse(_custom).Where(s => s.Workspace == workspace));
            }
        }

        if (source is null or StoredSkill.Anthropic)
        {
            list.AddRange(_builtIn);
        }

        return list;
    }

    /// <summary>The skill's versions, newest first.</summary>
    public List<StoredSkillVersion> Versions(StoredSkill skill)
    {
        lock (_lock)
        {
            return Enumerable.Reverse(skill.Versions).ToList();
        }
    }

    public void DeleteVersion(StoredSkill skill, StoredSkillVersion version)
    {
        lock (_lock)
        {
            skill.Versions.Remove(version);
            skill.UpdatedAt = time.GetUtcNow();
        }
    }

    /// <summary>Deletes a skill that has no versions left; false (and nothing changes) while it has some.</summary>
    public bool TryDelete(StoredSkill skill)
    {
        lock (_lock)
        {
            if (skill.Versions.Count > 0)
            {
                return false;
            }

            _custom.Remove(skill);
            _byId.Remove(skill.Id);
            return true;
        }
    }

    // The 2025 API's version string: epoch microseconds, strictly increasing so two uploads in one tick differ.
    private StoredSkillVersion NewVersion(StoredSkill skill, string id, SkillUpload upload, DateTimeOffset now)
    {
        var micros = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        _lastMicros = Math.Max(_lastMicros + 1, micros);
        return new StoredSkillVersion
        {
            Id = id,
            Version = _lastMicros.ToString(System.Globalization.CultureInfo.InvariantCulture),
            SkillId = skill.Id,
            Name = upload.Frontmatter.Name,
            Description = upload.Frontmatter.Description,
            Directory = upload.Folder,
            SkillMd = upload.SkillMd,
            Files = upload.Files,
            CreatedAt = now,
        };
    }
}
