-- :GlossRelated — guide Q&As related to the note section under the cursor,
-- through the server's `gloss.related` command; and `gloss.openRelated`,
-- the command behind each entry of a note heading's "Related: …" code lens.
local M = {}

M.command = 'gloss.related'
M.open_command = 'gloss.openRelated'

---@class gloss.RelatedOpts
---@field bufnr? integer
---@field line? integer   0-based line (default: the cursor's)
---@field limit? integer
---@field on_done? fun(hit: table?)   called after the pick (tests, scripting)

--- Ask the server for the guide items related to the section at `line`
--- and show them with vim.ui.select; the chosen one is opened.
---@param opts? gloss.RelatedOpts
function M.related(opts)
  opts = opts or {}
  local gloss = require('gloss')
  local search = require('gloss.search')
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local done = function(hit)
    if opts.on_done then
      opts.on_done(hit)
    end
  end
  local client = gloss.get_client(bufnr)
  if not client then
    vim.notify('gloss: no gloss language server is running (open a markdown file in a gloss workspace)', vim.log.levels.ERROR)
    return done(nil)
  end
  local line = opts.line
  if line == nil then
    line = vim.api.nvim_win_get_cursor(0)[1] - 1
  end
  local arg = { uri = vim.uri_from_bufnr(bufnr), line = line }
  if opts.limit then
    arg.limit = opts.limit
  end
  local encoding = client.offset_encoding or 'utf-16'
  local params = { command = M.command, arguments = { arg } }
  gloss.request(client, 'workspace/executeCommand', params, function(err, result)
    if err then
      vim.notify('gloss: related failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return done(nil)
    end
    local hits = search.hits(result)
    if #hits == 0 then
      vim.notify('gloss: no related guide items for this section', vim.log.levels.INFO)
      return done(nil)
    end
    vim.ui.select(hits, {
      prompt = ('Gloss: %d related guide item%s'):format(#hits, #hits == 1 and '' or 's'),
      kind = 'gloss.related',
      format_item = search.format_item,
    }, function(choice)
      if choice then
        search.jump(choice, encoding)
      end
      done(choice)
    end)
  end, bufnr)
end

--- Client-side handler of a "Related: …" lens entry: `{ uri, line }` (0-based).
---@param command table lsp.Command
---@param ctx table { client_id = integer, bufnr = integer }
function M.open(command, ctx)
  local args = command.arguments or {}
  local uri, line = args[1], args[2]
  if type(uri) ~= 'string' or type(line) ~= 'number' then
    vim.notify('gloss: ' .. M.open_command .. ' expects { uri, line }', vim.log.levels.ERROR)
    return
  end
  local client = ctx and ctx.client_id and vim.lsp.get_client_by_id(ctx.client_id)
  local encoding = client and client.offset_encoding or 'utf-16'
  require('gloss.search').jump({ uri = uri, range = { start = { line = line, character = 0 } } }, encoding)
end

--- Register the client-side handler (idempotent).
function M.register()
  vim.lsp.commands[M.open_command] = M.open
end

return M
