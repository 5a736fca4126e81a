Attribute VB_Name = "WtButtons"
Option Explicit

' Macros behind the template's buttons. They hand the work to Python through
' xlwings' RunPython and fall back to the pure-VBA checks in WtNative when
' Python or xlwings is not available.
'
' Why Application.Run "...!RunPython" and not a direct RunPython call:
' VBA compiles the whole module before running any procedure in it. A direct
' call compiles only when RunPython is visible at compile time (the standalone
' xlwings module inside this project, or a VBE reference to the xlwings add-in).
' Without both it is the compile error "Sub or Function not defined", which
' would disable every button here, the fallback included, and On Error cannot
' catch compile errors. Application.Run resolves the name at run time: a
' missing macro becomes the trappable run-time error 1004.

Private Const PY_PREFIX As String = "import workbook_tools.excel.buttons as b; b."
Private Const ADDIN_BOOK As String = "xlwings.xlam"
Private Const ERR_CANNOT_RUN As Long = 1004

Private Const RUN_OK As Long = 0
Private Const RUN_MISSING As Long = 1
Private Const RUN_FAILED As Long = 2

' Button: yi jian jiao yan (check everything).
Public Sub WtCheck()
    If RunPythonCode(PY_PREFIX & "check()") Then Exit Sub
    ShowFallbackMessage
    WtNativeCheck
    WtGoToNativeChecks
End Sub

' Button: qing chu biao ji (clear marks).
Public Sub WtClearMarks()
    If RunPythonCode(PY_PREFIX & "clear_marks()") Then Exit Sub
    ShowFallbackMessage
    WtNativeClearMarks
    WtGoToNativeChecks
End Sub

' Button: chong xin ji suan (recalculate).
Public Sub WtRecalculate()
    If RunPythonCode(PY_PREFIX & "recalculate()") Then Exit Sub
    ShowFallbackMessage
    WtNativeRecalculate
    WtGoToNativeChecks
End Sub

' True when a RunPython was found and returned without raising.
' Tries the standalone xlwings module of this workbook first, then the add-in.
Private Function RunPythonCode(ByVal code As String) As Boolean
    Dim outcome As Long
    outcome = TryRun("'" & Replace(ThisWorkbook.Name, "'", "''") & "'!RunPython", code)
    If outcome = RUN_MISSING And IsBookOpen(ADDIN_BOOK) Then
        outcome = TryRun("'" & ADDIN_BOOK & "'!RunPython", code)
    End If
    RunPythonCode = (outcome = RUN_OK)
End Function

' Error 1004 from Application.Run means "macro not found"; any other error was
' raised by RunPython itself (for example no interpreter), so it is not retried.
Private Function TryRun(ByVal macroName As String, ByVal code As String) As Long
    On Error GoTo Failed
    Application.Run macroName, code
    TryRun = RUN_OK
    Exit Function
Failed:
    If Err.Number = ERR_CANNOT_RUN Then TryRun = RUN_MISSING Else TryRun = RUN_FAILED
End Function

' Checked first because Application.Run "Book!Macro" would try to open a file
' of that name from the current folder when the add-in is not loaded.
Private Function IsBookOpen(ByVal bookName As String) As Boolean
    Dim book As Object
    On Error Resume Next
    Set book = Application.Workbooks(bookName)
    On Error GoTo 0
    IsBookOpen = Not book Is Nothing
End Function

' "Python or xlwings not found; switched to the template's own checks (no macros needed)."
Private Sub ShowFallbackMessage()
    Dim message As String
    message = WtText("672A 68C0 6D4B 5230") & " Python " & WtText("6216") & " xlwings" & _
        WtText("FF0C 5DF2 5207 6362 5230 6A21 677F 81EA 5E26 7684 6821 9A8C") & _
        WtText("FF08 4E0D 4F9D 8D56 5B8F FF09 3002")
    MsgBox message, vbInformation, WtText("7EE9 6548 81EA 8BC4")
End Sub
