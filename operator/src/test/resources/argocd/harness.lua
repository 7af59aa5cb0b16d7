-- Runs one Argo CD health script the way Argo CD does: the resource is the global obj, the
-- script is a chunk whose return value is the health table. Only base, string, table and math
-- are visible to it (Argo CD offers no io or os), so a script that needs more fails here too.
-- Usage: lua5.1 harness.lua SCRIPT < file-holding-a-Lua-table-literal
local literal = io.read("*a")
local object = assert(loadstring("return " .. literal, "=obj"))()
local script = assert(loadfile(arg[1]))
local env = {
  obj = object,
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
  select = select, tonumber = tonumber, tostring = tostring, type = type, unpack = unpack,
  string = string, table = table, math = math,
}
setfenv(script, env)
local ok, hs = pcall(script)
if not ok then
  io.write("LUA-ERROR\n", tostring(hs), "\n")
  os.exit(3)
end
if type(hs) ~= "table" then
  io.write("NOT-A-TABLE\n", tostring(hs), "\n")
  os.exit(4)
end
io.write(tostring(hs.status), "\n", tostring(hs.message), "\n")
