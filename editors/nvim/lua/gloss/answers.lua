-- `gloss.showAnswers`: the command behind a guide's "N drafts answer this"
-- code lens (`vim.lsp.codelens.run()`). Arguments: { guide uri, heading line,
-- locations }. One draft: jump to its heading; several: a quickfix list.
local M = {}

M.command = 'gloss.showAnswers'

local function jump(loc, encoding)
  if vim.lsp.util.show_document then
    vim.lsp.util.show_document(loc, encoding, { focus = true })
  else
    vim.lsp.util.jump_to_location(loc, encoding)
  end
end

---@param command table lsp.Command
---@param ctx table { client_id = integer, bufnr = integer }
function M.show(command, ctx)
  local locations = (command.arguments or {})[3]
  if type(locations) ~= 'table' or #locations == 0 then
    vim.notify('gloss: no drafts answer this question yet', vim.log.levels.INFO)
    return
  end
  local client = ctx and ctx.client_id and vim.lsp.get_client_by_id(ctx.client_id)
  local encoding = client and client.offset_encoding or 'utf-16'
  if #locations == 1 then
    jump(locations[1], encoding)
    return
  end
  local items = vim.lsp.util.locations_to_items(locations, encoding)
  vim.fn.setqflist({}, ' ', { title = 'gloss: drafts answering this question', items = items })
  vim.cmd('botright copen')
end

--- Register the client-side handler (idempotent).
function M.register()
  vim.lsp.commands[M.command] = M.show
end

return M
