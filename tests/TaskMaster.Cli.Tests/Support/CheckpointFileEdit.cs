using System.IO.Compression;
using System.Text;

namespace TaskMaster.Cli.Tests.Support;

/// <summary>Edits the JSON inside a checkpoint file by hand, as a person or a bad disk might: without signing it again.</summary>
internal static class CheckpointFileEdit
{
    public static void Edit(string path, Func<string, string> edit)
    {
        using var json = new MemoryStream();
        using (var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress)) gzip.CopyTo(json);
        var edited = Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(json.ToArray())));
        using var file = File.Create(path);
        using var compressor = new GZipStream(file, CompressionLevel.Fastest);
        compressor.Write(edited);
    }
}
