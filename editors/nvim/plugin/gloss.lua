-- gloss.nvim user commands. The server itself is enabled by
-- require('gloss').setup({...}).
if vim.g.loaded_gloss then
  return
end
vim.g.loaded_gloss = true

if vim.fn.has('nvim-0.10') ~= 1 then
  return
end

vim.api.nvim_create_user_command('GlossSearch', function(args)
  require('gloss.search').search(args.args)
end, { nargs = '?', desc = 'Search the study guide (gloss.search)' })

vim.api.nvim_create_user_command('GlossReview', function(args)
  local kind = args.fargs[1]
  require('gloss.review').open({ kind = kind })
end, { nargs = '?', complete = function() return { 'question', 'flash', 'scenario', 'term' } end, desc = 'Review the guide with spaced repetition' })

vim.api.nvim_create_user_command('GlossRelated', function()
  require('gloss.related').related()
end, { desc = 'Guide Q&As related to the note section under the cursor (gloss.related)' })

vim.api.nvim_create_user_command('GlossRestart', function()
  local gloss = require('gloss')
  local bufs = {}
  for _, client in ipairs(gloss.clients()) do
    for buf in pairs(client.attached_buffers or {}) do
      bufs[buf] = true
    end
    vim.lsp.stop_client(client.id)
  end
  vim.defer_fn(function()
    for buf in pairs(bufs) do
      if vim.api.nvim_buf_is_valid(buf) then
        vim.api.nvim_buf_call(buf, function()
          vim.api.nvim_exec_autocmds('FileType', { pattern = vim.bo[buf].filetype })
        end)
      end
    end
  end, 500)
end, { desc = 'Restart the gloss language server' })
