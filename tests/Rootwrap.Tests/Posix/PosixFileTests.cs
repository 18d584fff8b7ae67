using Rootwrap.Config;
using Rootwrap.Ini;
using Rootwrap.Posix;
using Xunit;

namespace Rootwrap.Tests.Posix;

public class PosixFileTests
{
    [Fact]
    public void ReadAll_returns_the_exact_content_of_a_file_larger_than_one_read()
    {
        using var t = new TempTree();
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i}\n"));
        var path = t.Write("big", text);
        var bytes = PosixFile.ReadAll(path, out int errno);
        Assert.Equal(0, errno);
        Assert.Equal(File.ReadAllBytes(path), bytes);
    }

    [Fact]
    public void ReadAll_reads_proc_files_that_report_size_zero()
    {
        var bytes = PosixFile.ReadAll("/proc/self/cmdline", out _);
        Assert.NotNull(bytes);
        Assert.NotEmpty(bytes);
    }

    [Fact]
    public void ReadAll_reports_the_errno_of_a_missing_file_and_of_a_directory()
    {
        using var t = new TempTree();
        Assert.Null(PosixFile.ReadAll(Path.Combine(t.Dir, "missing"), out int missing));
        Assert.Equal(Errno.ENOENT, missing);
        Assert.Null(PosixFile.ReadAll(t.Dir, out int dir));
        Assert.Equal(Errno.EISDIR, dir);
    }

    [Fact]
    public void List_gives_the_entries_in_readdir_order_joined_to_the_folder_as_written()
    {
        using var t = new TempTree();
        foreach (var n in new[] { "b.filters", "a.filters", ".hidden", "z" }) t.Write(n, "");
        Directory.CreateDirectory(Path.Combine(t.Dir, "sub"));
        foreach (var dir in new[] { t.Dir, t.Dir + "/", t.Dir + "//" })
        {
            var listed = PosixFile.List(dir, out int errno);
            Assert.Equal(0, errno);
            Assert.Equal(Directory.EnumerateFileSystemEntries(dir).ToList(), listed);
        }
    }

    [Fact]
    public void List_of_a_missing_folder_or_a_file_is_null_with_the_errno()
    {
        using var t = new TempTree();
        Assert.Null(PosixFile.List(Path.Combine(t.Dir, "missing"), out int missing));
        Assert.Equal(Errno.ENOENT, missing);
        Assert.Null(PosixFile.List(t.Write("file", ""), out int file));
        Assert.Equal(Errno.ENOTDIR, file);
    }

    [Fact]
    public void Loading_a_missing_file_or_a_directory_says_what_System_IO_said()
    {
        using var t = new TempTree();
        Assert.Equal("no such file", Assert.Throws<IniException>(() => IniDocument.Load(Path.Combine(t.Dir, "none"), false)).Message);
        Assert.Equal("permission denied", Assert.Throws<IniException>(() => IniDocument.Load(t.Dir, false)).Message);
    }

    [Fact]
    public void Filter_files_load_in_directory_order_and_hidden_files_are_skipped()
    {
        using var t = new TempTree();
        var config = t.Config();
        t.Write("filters.d/one.filters", "[Filters]\nfirst: CommandFilter, /bin/one, root\n");
        t.Write("filters.d/two.filters", "[Filters]\nsecond: CommandFilter, /bin/two, root\n");
        t.Write("filters.d/.hidden.filters", "[Filters]\nhidden: CommandFilter, /bin/h, root\n");
        var set = t.Load(config);
        var expected = Directory.EnumerateFileSystemEntries(Path.Combine(t.Dir, "filters.d"))
            .Where(p => !Path.GetFileName(p).StartsWith('.')).ToList();
        Assert.Equal(expected, set.Files);
        Assert.DoesNotContain(set.Filters, f => f.Name == "hidden");
    }
}
