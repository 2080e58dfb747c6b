namespace ReliefApp.QuickStart;

/// <summary>The host's users: the quick start declares them site-specific.</summary>
public sealed class AppUser
{
    public int Id { get; set; }
    public string Email { get; set; } = "";
}
