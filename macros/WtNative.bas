Attribute VB_Name = "WtNative"
Option Explicit

' Pure-VBA checks: what the buttons fall back to when Python/xlwings is missing.
' No Declare statements, no references beyond VBA and the host, so the module
' compiles in 32- and 64-bit Excel and in LibreOffice's VBA emulation.
' The source must stay ASCII-only (it is stored in the project codepage), so all
' Chinese text is built from UTF-16 code units with WtText.
'
' Workbook-level defined names the template may provide:
'   WT_REQUIRED_CELLS  cells that must not be empty (may have several areas)
'   WT_STATUS_CELL     one cell that receives the result text
'   WT_CHECK_SHEET     the sheet with the native checks (a reference or "sheet name")
'   WT_CHECK_CELL      the cell to select on that sheet

Private Const HEX_DIGITS As String = "0123456789ABCDEF"

' "6821 9A8C" -> the two characters U+6821 U+9A8C. Hex is parsed by hand because
' CLng("&H...") and Val("&H...") do not behave the same in every VBA host.
Public Function WtText(ByVal codes As String) As String
    Dim parts() As String, i As Long, result As String
    parts = Split(Trim$(codes), " ")
    For i = LBound(parts) To UBound(parts)
        If Len(parts(i)) > 0 Then result = result & ChrW(HexValue(parts(i)))
    Next i
    WtText = result
End Function

Private Function HexValue(ByVal digits As String) As Long
    Dim i As Long, acc As Long
    For i = 1 To Len(digits)
        acc = acc * 16 + InStr(1, HEX_DIGITS, UCase$(Mid$(digits, i, 1))) - 1
    Next i
    HexValue = acc
End Function

' The range behind a workbook-level name, or Nothing when the name is missing
' or is not a reference.
Public Function WtNamedRange(ByVal nameText As String) As Range
    Dim found As Object
    On Error Resume Next
    Set found = ThisWorkbook.Names(nameText)
    If Not found Is Nothing Then Set WtNamedRange = found.RefersToRange
    On Error GoTo 0
End Function

' Counts empty required cells and writes the result into WT_STATUS_CELL.
Public Sub WtNativeCheck()
    Dim required As Range, firstEmpty As Range, missing As Long
    Application.Calculate
    Set required = WtNamedRange("WT_REQUIRED_CELLS")
    If required Is Nothing Then
        WtWriteStatus WtText("6821 9A8C 5B8C 6210 3002")
        Exit Sub
    End If
    missing = CountEmpty(required, firstEmpty)
    If missing = 0 Then
        WtWriteStatus WtText("6821 9A8C 901A 8FC7 FF1A 5FC5 586B 9879 5747 5DF2 586B 5199 3002")
    Else
        WtWriteStatus WtText("6821 9A8C 672A 901A 8FC7 FF1A") & CStr(missing) & " " & _
            WtText("4E2A 5FC5 586B 9879 672A 586B 5199 FF0C 7B2C 4E00 4E2A 662F") & " " & _
            firstEmpty.Worksheet.Name & "!" & firstEmpty.Address(False, False)
    End If
End Sub

' Clears the status written by WtNativeCheck.
Public Sub WtNativeClearMarks()
    WtWriteStatus WtText("5DF2 6E05 9664 6821 9A8C 6807 8BB0 3002")
End Sub

' Full recalculation: the native formulas are the real checks. LibreOffice's VBA
' layer lacks CalculateFull, so fall back to Calculate rather than stop.
Public Sub WtNativeRecalculate()
    On Error Resume Next
    Application.CalculateFull
    If Err.Number <> 0 Then
        Err.Clear
        Application.Calculate
    End If
    On Error GoTo 0
    WtWriteStatus WtText("5DF2 91CD 65B0 8BA1 7B97 3002")
End Sub

' Walks every area explicitly: For Each over a multi-area range is host-dependent.
Private Function CountEmpty(ByVal target As Range, ByRef firstEmpty As Range) As Long
    Dim area As Range, cell As Range, total As Long
    For Each area In target.Areas
        For Each cell In area.Cells
            If IsBlank(cell.Value) Then
                total = total + 1
                If firstEmpty Is Nothing Then Set firstEmpty = cell
            End If
        Next cell
    Next area
    CountEmpty = total
End Function

Private Function IsBlank(ByVal content As Variant) As Boolean
    If IsError(content) Then
        IsBlank = False
    ElseIf IsEmpty(content) Then
        IsBlank = True
    Else
        IsBlank = (Len(Trim$(CStr(content))) = 0)
    End If
End Function

' Writes into WT_STATUS_CELL; if the template has none (or it is locked on a
' protected sheet), the text is shown in the status bar instead of failing.
Public Sub WtWriteStatus(ByVal message As String)
    Dim target As Range
    Set target = WtNamedRange("WT_STATUS_CELL")
    On Error GoTo NoCell
    If target Is Nothing Then GoTo NoCell
    target.Cells(1, 1).Value = message
    Exit Sub
NoCell:
    Application.StatusBar = message
End Sub

' Activates the sheet with the native checks and selects WT_CHECK_CELL there.
Public Sub WtGoToNativeChecks()
    Dim sheet As Object, cell As Range
    Set sheet = CheckSheet()
    On Error Resume Next
    sheet.Activate
    Set cell = WtNamedRange("WT_CHECK_CELL")
    If Not cell Is Nothing Then
        If cell.Worksheet.Name = sheet.Name Then cell.Select
    End If
    On Error GoTo 0
End Sub

' WT_CHECK_SHEET may be a reference (its sheet is used) or a text constant such
' as ="Sheet name". Falls back to the first sheet.
Private Function CheckSheet() As Object
    Dim target As Range, sheetName As String
    Set target = WtNamedRange("WT_CHECK_SHEET")
    On Error Resume Next
    If Not target Is Nothing Then
        Set CheckSheet = target.Worksheet
    Else
        sheetName = ConstantText(ThisWorkbook.Names("WT_CHECK_SHEET").RefersTo)
        If Len(sheetName) > 0 Then Set CheckSheet = ThisWorkbook.Worksheets(sheetName)
    End If
    On Error GoTo 0
    If CheckSheet Is Nothing Then Set CheckSheet = ThisWorkbook.Worksheets(1)
End Function

' ="abc" -> abc (doubled quotes undone); anything else -> "".
Private Function ConstantText(ByVal refersTo As String) As String
    Dim q As String
    q = Chr$(34)
    If Left$(refersTo, 2) = "=" & q And Right$(refersTo, 1) = q And Len(refersTo) >= 3 Then
        ConstantText = Replace(Mid$(refersTo, 3, Len(refersTo) - 3), q & q, q)
    End If
End Function
