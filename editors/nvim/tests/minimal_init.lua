-- Minimal init for the headless end-to-end tests:
--   nvim --headless --clean -u editors/nvim/tests/minimal_init.lua -l editors/nvim/tests/test_*.lua
-- Environment: GLOSS_BIN (server binary, required), GLOSS_NVIM_LEGACY=1 to
-- force the Neovim 0.10 code path (FileType autocmd + vim.lsp.start).
local this = debug.getinfo(1, 'S').source:sub(2)
local plugin_root = vim.fn.fnamemodify(this, ':p:h:h') -- editors/nvim
vim.opt.runtimepath:prepend(plugin_root)
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'
vim.opt.more = false

vim.cmd('filetype plugin on')
vim.cmd('runtime! plugin/gloss.lua')

local bin = vim.env.GLOSS_BIN
if not bin or bin == '' then
  io.stderr:write('minimal_init.lua: GLOSS_BIN is not set\n')
  os.exit(2)
end

require('gloss').setup({
  cmd = { bin, 'lsp' },
  legacy_start = vim.env.GLOSS_NVIM_LEGACY == '1',
})
