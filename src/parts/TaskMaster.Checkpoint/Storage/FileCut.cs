using TaskMaster.Core.Storage;

namespace TaskMaster.Checkpoint.Storage;

/// <summary>Cutting an append-only file back, and keeping what is cut: the journal's and its mirror's shared moves.</summary>
internal static class FileCut
{
    /// <summary>Cuts <paramref name="stream"/> to <paramref name="length"/> and positions there; false when the disk refuses even that.</summary>
    public static bool TryTo(FileStream stream, long length)
    {
        try
        {
            stream.SetLength(length);
            stream.Seek(length, SeekOrigin.Begin);
            return true;
        }
        catch (IOException)
        {
            // The reader cuts the torn tail when the file is next opened.
            return false;
        }
    }

    /// <summary>A copy of the file as it is, before it is cut or repaired: owner-only, as everything in the home.</summary>
    public static void KeepCopy(string path, string copy) => PrivateFiles.WriteAllBytes(copy, File.ReadAllBytes(path));
}
