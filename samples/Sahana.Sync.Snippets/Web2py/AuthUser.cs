namespace ReliefApp.Web2py;

/// <summary>web2py's auth_user: ids that mean something only at one site.</summary>
public sealed class AuthUser
{
    public int Id { get; set; }
    public string? Email { get; set; }
}
