using TaskMaster.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("monitor");

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
