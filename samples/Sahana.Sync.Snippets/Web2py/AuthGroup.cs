namespace ReliefApp.Web2py;

/// <summary>web2py's auth_group: ids that mean something only at one site.</summary>
public sealed class AuthGroup
{
    public int Id { get; set; }
    public string? Role { get; set; }
}
